using System.Diagnostics;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Accept → created in the Sandbox ATS, per vendor, through the running portal (stage move, outbox row, wake-up, Quartz
/// worker, find-before-create, create). Goal: under 2 seconds with the Sandbox answering at once. One run per vendor
/// here; p50 / p95 over 100 runs is for the lead to add with the status latency.
/// </summary>
public sealed class PushBenchmark(IntegrationFixture fixture, BenchmarkTable table, ITestOutputHelper output)
{
    public async Task RunAsync()
    {
        output.WriteLine($"| {"vendor",-12} | {"accept → created (ms)",22} | {"accept → attribution checked (ms)",34} |");
        output.WriteLine($"|{new string('-', 14)}|{new string('-', 24)}|{new string('-', 36)}|");
        foreach (var kind in Enum.GetValues<AtsKind>())
        {
            var (companyId, _) = await fixture.Portal.CreateAsync($"Push benchmark {kind} Co");
            var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, kind, 5);
            var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
            var email = $"bench.{kind.ToString().ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..8]}@example.com";
            var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);

            var clock = Stopwatch.StartNew();
            await fixture.AcceptAsync(companyId, applicationId);
            while (fixture.SandboxCandidates(kind, account, email).Count == 0)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{kind}: nothing created in 30 s");
                await Task.Delay(10);
            }
            var created = clock.Elapsed;
            await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent, also: p => p.AttributionCheckedAt is not null);
            var checkedAt = clock.Elapsed;
            output.WriteLine($"| {kind,-12} | {created.TotalMilliseconds,22:N0} | {checkedAt.TotalMilliseconds,34:N0} |");
            table.Add("Push latency", $"{kind}: accept → created in the ATS (one run)", $"{created.TotalMilliseconds:N0} ms", "p95 < 2 s");
            Assert.Single(fixture.SandboxCandidates(kind, account, email));
        }
    }
}
