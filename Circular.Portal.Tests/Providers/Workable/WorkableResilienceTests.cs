using System.Diagnostics;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Workable;

[Collection(SandboxCollection.Name)]
public sealed class WorkableResilienceTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Waits_out_a_429_with_retry_after_then_succeeds()
    {
        using var test = new WorkableTestAccount(fixture, jobCount: 4);
        test.Emulator.Faults(test.Id).ForceRateLimit(1, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var jobs = await test.ListJobsAsync();

        Assert.Equal(4, jobs.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"answered after {clock.Elapsed}");
        Assert.Equal(2, test.RequestCount("GET /spi/v3/jobs?"));
    }

    [Fact]
    public async Task Waits_for_the_rate_limit_reset_when_a_429_has_no_retry_after()
    {
        using var test = new WorkableTestAccount(fixture, jobCount: 4);
        test.Emulator.SendRetryAfter(test.Id, false);
        test.Emulator.Faults(test.Id).ForceRateLimit(1, TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();

        var jobs = await test.ListJobsAsync();

        Assert.Equal(4, jobs.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}, before X-Rate-Limit-Reset");
        Assert.Equal(2, test.RequestCount("GET /spi/v3/jobs?"));
    }

    [Fact]
    public async Task Server_errors_are_transient_after_the_retries()
    {
        using var test = new WorkableTestAccount(fixture);
        test.Emulator.Faults(test.Id).ForcedServerErrors = 100;

        var e = await Assert.ThrowsAsync<AtsException>(() => test.ListJobsAsync());

        test.Emulator.Faults(test.Id).Clear();
        Assert.Equal(AtsFailureKind.Transient, e.Kind);
        Assert.Equal(503, e.StatusCode);
        Assert.True(test.RequestCount("GET /spi/v3/jobs?") > 1, "a GET is retried before giving up");
    }

    [Fact]
    public async Task Succeeds_when_server_errors_clear_during_the_retries()
    {
        using var test = new WorkableTestAccount(fixture, jobCount: 2);
        test.Emulator.Faults(test.Id).ForcedServerErrors = 2;

        var jobs = await test.ListJobsAsync();

        Assert.Equal(2, jobs.Count);
    }

    [Fact]
    public async Task Revoked_credentials_are_an_auth_failure()
    {
        using var test = new WorkableTestAccount(fixture);
        test.Emulator.Faults(test.Id).Revoked = true;

        var e = await Assert.ThrowsAsync<AtsException>(() => test.ListJobsAsync());

        test.Emulator.Faults(test.Id).Clear();
        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.Equal(401, e.StatusCode);
        Assert.Equal(1, test.RequestCount("GET /spi/v3/jobs?"));
    }
}
