using System.Diagnostics;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Lever;

[Collection(SandboxCollection.Name)]
public sealed class LeverResilienceTests(SandboxFixture fixture)
{
    [Fact]
    public async Task A_429_with_retry_after_is_waited_out()
    {
        using var lever = new LeverTestAccount(fixture);
        lever.Emulator.Faults(lever.Account.AccountId).ForceRateLimit(1, TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        var jobs = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();

        Assert.Equal(8, jobs.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {watch.Elapsed}");
    }

    [Fact]
    public async Task Bursting_past_twenty_requests_is_slowed_not_failed()
    {
        using var lever = new LeverTestAccount(fixture, jobCount: 30, settings: new Dictionary<string, string?> { ["Ats:Lever:PageSize"] = "1" });

        var jobs = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();

        Assert.Equal(30, jobs.Count);
    }

    [Fact]
    public async Task Server_errors_that_persist_are_transient()
    {
        using var lever = new LeverTestAccount(fixture);
        lever.Emulator.Faults(lever.Account.AccountId).ForcedServerErrors = 100;

        var e = await Assert.ThrowsAsync<AtsException>(async () => await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync());

        Assert.Equal(AtsFailureKind.Transient, e.Kind);
        Assert.Equal(503, e.StatusCode);
    }

    [Fact]
    public async Task Server_errors_that_clear_are_retried_to_success()
    {
        using var lever = new LeverTestAccount(fixture);
        lever.Emulator.Faults(lever.Account.AccountId).ForcedServerErrors = 2;

        var jobs = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();

        Assert.Equal(8, jobs.Count);
    }

    [Fact]
    public async Task Revoked_access_is_an_auth_failure()
    {
        using var lever = new LeverTestAccount(fixture);
        lever.Emulator.Faults(lever.Account.AccountId).Revoked = true;

        var e = await Assert.ThrowsAsync<AtsException>(async () => await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync());

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.Equal(401, e.StatusCode);
    }
}
