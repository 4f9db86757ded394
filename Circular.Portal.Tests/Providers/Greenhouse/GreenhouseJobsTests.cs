using System.Diagnostics;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Greenhouse;

[Collection(SandboxCollection.Name)]
public sealed class GreenhouseJobsTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Lists_jobs_across_three_pages()
    {
        using var account = GreenhouseTestAccount.Create(fixture, jobs: 60);

        var jobs = await account.JobsAsync();

        // 25 per page: 60 jobs only arrive if the provider followed two next links.
        Assert.Equal(60, jobs.Count);
        Assert.Equal(60, jobs.Select(j => j.ExternalId).Distinct().Count());
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Closed);
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Draft);
        var open = jobs.First(j => j.Status == AtsJobStatus.Open);
        Assert.False(string.IsNullOrEmpty(open.Department));
        Assert.Contains(",", open.Location);
        Assert.NotNull(open.EmploymentType);
        Assert.StartsWith("<p>", open.DescriptionHtml);
        Assert.Contains("job-boards.greenhouse.io", open.Url);
    }

    [Fact]
    public async Task Lists_only_jobs_updated_since_the_given_time()
    {
        using var account = GreenhouseTestAccount.Create(fixture, jobs: 30);
        var all = await account.JobsAsync();
        var since = DateTimeOffset.UtcNow;
        var touched = all.Take(3).Select(j => j.ExternalId).ToList();
        foreach (var id in touched) account.Emulator.TouchJob(account.AccountId, id);

        var changed = await account.JobsAsync(since);

        Assert.Equal(touched.Order(), changed.Select(j => j.ExternalId).Order());
    }

    [Fact]
    public async Task Waits_out_a_429_with_retry_after()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        account.Emulator.Faults(account.AccountId).ForceRateLimit(1, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var jobs = await account.JobsAsync();

        Assert.Equal(5, jobs.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task Server_errors_are_transient_after_retries()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        account.Emulator.Faults(account.AccountId).ServerErrorRate = 1;

        var error = await Assert.ThrowsAsync<AtsException>(() => account.JobsAsync());

        Assert.Equal(AtsFailureKind.Transient, error.Kind);
        Assert.Equal(503, error.StatusCode);
    }

    [Fact]
    public async Task Succeeds_when_a_server_error_clears()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        account.Emulator.Faults(account.AccountId).ForcedServerErrors = 2;

        var jobs = await account.JobsAsync();

        Assert.Equal(5, jobs.Count);
    }

    [Fact]
    public async Task Revoked_credentials_are_an_auth_failure()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        account.Emulator.Faults(account.AccountId).Revoked = true;

        var listing = await Assert.ThrowsAsync<AtsException>(() => account.JobsAsync());
        var verifying = await Assert.ThrowsAsync<AtsException>(() => account.Provider.VerifyAsync(account.Connection, CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, listing.Kind);
        Assert.Equal(401, listing.StatusCode);
        Assert.Equal(AtsFailureKind.Auth, verifying.Kind);
    }

    [Fact]
    public async Task Verify_reports_organization_users_and_missing_permissions()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        account.Emulator.RemoveScope(account.AccountId, "harvest:attachments:create");

        var verified = await account.Provider.VerifyAsync(account.Connection, CancellationToken.None);

        Assert.Equal(account.Emulator.Accounts.Single(a => a.Id == account.AccountId).Name, verified.Name);
        Assert.Contains(verified.Users, u => u.Name == "Sandra de Wit" && u.Email is not null);
        var missing = Assert.Single(verified.MissingPermissions);
        Assert.Contains("upload CVs", missing);
    }

    [Fact]
    public async Task Verify_with_a_wrong_token_is_an_auth_failure()
    {
        using var account = GreenhouseTestAccount.Create(fixture);

        var error = await Assert.ThrowsAsync<AtsException>(
            () => account.Provider.VerifyAsync(account.ConnectionWith("not-a-greenhouse-token"), CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, error.Kind);
        Assert.DoesNotContain("not-a-greenhouse-token", error.Message);
    }
}
