using System.Diagnostics;
using System.Net;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Teamtailor;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Teamtailor;

[Collection(SandboxCollection.Name)]
public sealed class TeamtailorConnectionTests(SandboxFixture sandbox) : TeamtailorTestBase(sandbox)
{
    [Fact]
    public async Task Verify_reports_the_company_and_nothing_missing_for_an_admin_read_write_key()
    {
        var account = NewAccount();

        var result = await Provider.VerifyAsync(Connect(account), default);

        Assert.Equal(account.Name, result.Name);
        Assert.Empty(result.MissingPermissions);
        Assert.Empty(Emulator.StoredCandidates(account.Id));
    }

    [Fact]
    public async Task Verify_writes_nothing_to_the_account_so_a_read_only_key_is_left_to_the_first_push()
    {
        var account = NewAccount();

        var admin = await Provider.VerifyAsync(Connect(account), default);
        var readOnly = await Provider.VerifyAsync(Connect(account, account.ReadOnlyKey), default);

        // Teamtailor has no read-only check of the write permission; the first push confirms it.
        Assert.Empty(admin.MissingPermissions);
        Assert.Empty(readOnly.MissingPermissions);
        Assert.True(Provider.Traits.WriteConfirmedByFirstPush);
        Assert.DoesNotContain(Emulator.Requests(account.Id), r => !r.StartsWith("GET ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_names_the_missing_admin_scope_of_a_public_key()
    {
        var account = NewAccount();

        var result = await Provider.VerifyAsync(Connect(account, account.PublicKey), default);

        Assert.Contains("Admin", Assert.Single(result.MissingPermissions));
    }

    [Fact]
    public async Task Verify_with_a_wrong_key_is_an_auth_failure()
    {
        var account = NewAccount();

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.VerifyAsync(Connect(account, "tt_not_a_key"), default));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.DoesNotContain("tt_not_a_key", e.Message);
    }

    [Fact]
    public async Task Verify_with_the_wrong_region_says_which_region_is_right()
    {
        var account = NewAccount(region: "na");

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.VerifyAsync(Connect(account, region: "eu"), default));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("North America", e.Message);
    }

    [Fact]
    public async Task An_unknown_region_is_a_permanent_failure()
    {
        var account = NewAccount();

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.VerifyAsync(Connect(account, region: "mars"), default));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("region", e.Message);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out()
    {
        var account = NewAccount(jobs: 5);
        Emulator.Faults(account.Id).ForceRateLimit(1, TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.Equal(5, jobs.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retried after {watch.Elapsed}");
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_fault_clears()
    {
        var account = NewAccount(jobs: 5);
        Emulator.Faults(account.Id).ForcedServerErrors = 2;

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.Equal(5, jobs.Count);
    }

    [Fact]
    public async Task Lasting_server_errors_end_as_a_transient_failure()
    {
        var account = NewAccount(jobs: 5);
        Emulator.Faults(account.Id).ServerErrorRate = 1;

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.ListJobsAsync(Connect(account), null, default).ToListAsync().AsTask());

        Assert.Equal(AtsFailureKind.Transient, e.Kind);
        Assert.Equal(503, e.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_an_auth_failure()
    {
        var account = NewAccount(jobs: 5);
        Emulator.Faults(account.Id).Revoked = true;

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.ListJobsAsync(Connect(account), null, default).ToListAsync().AsTask());

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
    }

    [Fact]
    public async Task Emulator_requires_the_api_version_header_and_echoes_it()
    {
        var account = NewAccount(jobs: 1);
        using var client = new HttpClient();
        var url = new Uri(SandboxRoot, "teamtailor/eu/v1/jobs");
        using var withoutVersion = new HttpRequestMessage(HttpMethod.Get, url);
        withoutVersion.Headers.TryAddWithoutValidation("Authorization", $"Token token={account.AdminKey}");
        using var withVersion = new HttpRequestMessage(HttpMethod.Get, url);
        withVersion.Headers.TryAddWithoutValidation("Authorization", $"Token token={account.AdminKey}");
        withVersion.Headers.Add("X-Api-Version", TeamtailorEmulator.ApiVersion);

        using var refused = await client.SendAsync(withoutVersion);
        using var served = await client.SendAsync(withVersion);

        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.Contains("\"errors\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(TeamtailorEmulator.ApiVersion, served.Headers.GetValues("X-Api-Version").Single());
        Assert.True(served.Headers.Contains("X-Rate-Limit-Remaining"));
    }
}
