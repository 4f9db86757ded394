using System.Diagnostics;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Push throughput per vendor with the vendor's documented rate limit on (scaled by the run's common factor): 300
/// accepted candidates, half with a CV, on one connection. The requests are counted at the Sandbox; the minimum time
/// is what its fixed window allows for that many requests, and the ratio is minimum / measured (goal ≥ 0.9). The
/// candidates accept while the connection is held; the clock runs from its release to the last push sent.
/// </summary>
public sealed class PushThroughputBenchmark(IntegrationFixture fixture, BenchmarkTable table, ITestOutputHelper output)
{
    private const string Section = "Push throughput";
    private static readonly int Candidates = BenchmarkScale.Of(300, 10);

    public async Task RunAsync()
    {
        PushLoad.ScaleRateLimits(fixture);
        var failures = new List<string>();
        foreach (var kind in Enum.GetValues<AtsKind>())
        {
            var tenant = await PushLoad.TenantAsync(fixture, $"Throughput {kind} Co", kind, Candidates);
            // Every candidate accepts while the connection is held, so the clock measures sending, not accepting.
            await PushLoad.HoldAsync(fixture, tenant.Sandbox.ConnectionId);
            var accepting = Stopwatch.StartNew();
            await PushLoad.AcceptAllAsync(fixture, tenant);
            var accepted = accepting.Elapsed;
            var before = fixture.Requests(tenant.Sandbox);
            var clock = Stopwatch.StartNew();
            await PushLoad.ReleaseAsync(fixture, tenant.Sandbox.ConnectionId);
            var elapsed = await PushLoad.WaitForAllAsync(fixture, tenant, clock, TimeSpan.FromMinutes(10));
            var after = fixture.Requests(tenant.Sandbox);
            var (sent, dead) = await PushLoad.ProgressAsync(fixture, tenant.Sandbox.ConnectionId);
            var duplicates = PushLoad.Duplicates(fixture, tenant);

            var requests = after.Requests - before.Requests;
            var refused = after.Refused - before.Refused;
            // A fixed window of Limit requests: the first window's worth go at once, each further one waits a whole window.
            var windows = Math.Max(0, (long)Math.Ceiling(requests / (double)after.Limit) - 1);
            var minimum = TimeSpan.FromTicks(after.Window.Ticks * windows);
            var ratio = minimum > TimeSpan.Zero ? $"{minimum / elapsed:0.00}" : "n/a (fits one window)";
            var limit = $"{after.Limit}/{after.Window.TotalSeconds:0.#} s";
            output.WriteLine($"{kind}: {sent} sent, {dead} dead in {elapsed.TotalSeconds:N1} s (all accepted beforehand in {accepted.TotalSeconds:N1} s, not counted); {requests} requests "
                             + $"({requests / (double)Math.Max(1, sent):0.0} per push), {refused} answered 429, limit {limit}, minimum {minimum.TotalSeconds:N1} s, duplicates {duplicates}");
            table.Add(Section, $"{kind}: {sent}/{Candidates} sent (limit {limit}), time vs minimum", $"{elapsed.TotalSeconds:N1} s vs {minimum.TotalSeconds:N1} s, ratio {ratio}", "ratio ≥ 0.9");
            table.Add(Section, $"{kind}: requests per push, 429s, duplicates", $"{requests / (double)Math.Max(1, sent):0.0}, {refused}, {duplicates}", "duplicates 0");
            if (duplicates > 0 || dead > 0) failures.Add($"{kind}: {duplicates} duplicates, {dead} dead letters");
        }
        Assert.Empty(failures);
    }
}
