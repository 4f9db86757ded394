using System.Collections.Concurrent;
using System.Diagnostics;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Many tenants on one node: 200 connections across the five vendors, 20 accepted candidates each, accepted
/// round robin, with one tenant's Sandbox account answering every call after 3 s. Total time for the healthy tenants, and the
/// worst healthy tenant's time against the median (goal within 2×): one slow vendor account must not hold up the rest.
/// Then a status poll per connection, the slow account still slow (<see cref="PollEachAsync"/>).
/// </summary>
public sealed class ManyTenantsBenchmark(IntegrationFixture fixture, BenchmarkTable table, ITestOutputHelper output)
{
    private const string Section = "Many tenants";
    private static readonly int Tenants = BenchmarkScale.Of(200, 10);
    private const int PushesEach = 20;
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(3);
    private const int ChangesEach = 2;

    /// <summary>Polls run side by side, as many as the node's Quartz workers (10 by default).</summary>
    private const int PollWorkers = 10;

    public async Task RunAsync()
    {
        PushLoad.ScaleRateLimits(fixture);
        var kinds = Enum.GetValues<AtsKind>();
        var arranging = Stopwatch.StartNew();
        var tenants = new ConcurrentDictionary<int, PushLoad.Tenant>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Tenants), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            tenants[i] = await PushLoad.TenantAsync(fixture, $"Tenant {i} {Guid.NewGuid():N}"[..20], kinds[i % kinds.Length], PushesEach));
        output.WriteLine($"{Tenants} tenants connected, mapped and given {PushesEach} candidates each in {arranging.Elapsed.TotalSeconds:N0} s");
        var slow = tenants[0];
        fixture.Faults(slow.Sandbox).Latency = SlowAnswer;
        try
        {
            var done = new Dictionary<int, TimeSpan>();
            var clock = Stopwatch.StartNew();
            // The candidates accept tenant after tenant, round robin, one at a time: parallel accepts on the one SQLite file
            // fail with "database is locked" (seen with 8 at once while the workers write).
            var scopes = tenants.Values.Select(t => (Tenant: t, Scope: fixture.ScopeFor(t.Sandbox.CompanyId))).ToList();
            try
            {
                for (var i = 0; i < PushesEach; i++)
                {
                    foreach (var (tenant, scope) in scopes)
                    {
                        var moved = await scope.ServiceProvider.GetRequiredService<ApplicationWorkflow>()
                            .MoveAsync(tenant.ApplicationIds[i], ApplicationStage.InterviewAccepted, "Circular platform", null, default);
                        Assert.True(moved.Succeeded, moved.Message);
                    }
                }
            }
            finally
            {
                foreach (var (_, scope) in scopes) await scope.DisposeAsync();
            }
            var accepted = clock.Elapsed;
            var healthy = tenants.Values.Where(t => t != slow).ToDictionary(t => t.Sandbox.ConnectionId);
            while (done.Count < healthy.Count)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"{done.Count} of {healthy.Count} healthy tenants done after {clock.Elapsed}");
                var finished = await FinishedAsync(healthy.Keys.Except(done.Keys).ToList());
                foreach (var id in finished) done[id] = clock.Elapsed;
                await Task.Delay(200);
            }
            var total = clock.Elapsed;
            var (slowSent, _) = await PushLoad.ProgressAsync(fixture, slow.Sandbox.ConnectionId);
            var times = done.Values.Order().ToList();
            var median = times[times.Count / 2];
            var worst = times[^1];
            var worstKind = healthy[done.MaxBy(d => d.Value).Key].Sandbox.Kind;
            var duplicates = tenants.Values.Sum(t => PushLoad.Duplicates(fixture, t));
            output.WriteLine($"Many tenants: accepting {Tenants * PushesEach:N0} took {accepted.TotalSeconds:N1} s; healthy tenants all sent in {total.TotalSeconds:N1} s; "
                             + $"median tenant {median.TotalSeconds:N1} s, worst {worst.TotalSeconds:N1} s ({worstKind}); slow tenant {slowSent}/{PushesEach} sent by then; duplicates {duplicates}");
            table.Add(Section, $"{Tenants} connections × {PushesEach} pushes, one account answering in {SlowAnswer.TotalSeconds:0} s: all healthy sent", $"{total.TotalSeconds:N1} s", "");
            table.Add(Section, "Worst healthy tenant vs median", $"{worst.TotalSeconds:N1} s vs {median.TotalSeconds:N1} s ({worst / median:0.0}×, {worstKind})", "within 2×");
            table.Add(Section, "Slow tenant's pushes sent by then, duplicates overall", $"{slowSent}/{PushesEach}, {duplicates}", "duplicates 0");
            Assert.Equal(0, duplicates);

            await PollEachAsync(tenants.Values.ToList(), slow);
        }
        finally
        {
            fixture.Faults(slow.Sandbox).Latency = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Then one status poll per connection, with <see cref="ChangesEach"/> of its candidates hired or rejected in the Sandbox
    /// since, <see cref="PollWorkers"/> at a time as the node's workers run them, the slow account still answering in 3 s:
    /// total time, each poll's own time (worst healthy against the median), requests per poll, and every change arrived.
    /// </summary>
    private async Task PollEachAsync(List<PushLoad.Tenant> tenants, PushLoad.Tenant slow)
    {
        var connections = tenants.Select(t => t.Sandbox.ConnectionId).ToList();
        // Every push's own calls (read-backs) are over, so each poll's requests are its own.
        await UntilPushesSettledAsync(connections, TimeSpan.FromMinutes(5));
        await PollLoad.PauseScheduledPollsAsync(fixture, connections);
        try
        {
            foreach (var tenant in tenants) await PollLoad.StopWebhooksAsync(fixture, tenant.Sandbox.ConnectionId);
            // The cursor of each connection, then the recruiters' changes since it.
            await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = PollWorkers }, async (t, _) => await PollLoad.PollAsync(fixture, t.Sandbox.ConnectionId));
            var changed = new List<int>();
            foreach (var tenant in tenants) changed.AddRange(await PollLoad.HireAndRejectAsync(fixture, tenant, ChangesEach));

            var polls = new ConcurrentDictionary<PushLoad.Tenant, (TimeSpan Time, long Requests, Circular.Portal.Sync.SyncRunOutcome? Outcome)>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = PollWorkers }, async (tenant, _) =>
            {
                var before = fixture.Requests(tenant.Sandbox).Requests;
                var own = Stopwatch.StartNew();
                var run = await PollLoad.PollAsync(fixture, tenant.Sandbox.ConnectionId);
                polls[tenant] = (own.Elapsed, fixture.Requests(tenant.Sandbox).Requests - before, run?.Outcome);
            });
            var total = clock.Elapsed;
            var arrived = await PollLoad.HiredOrRejectedAsync(fixture, changed);

            var healthy = polls.Where(p => p.Key != slow).OrderBy(p => p.Value.Time).ToList();
            var median = healthy[healthy.Count / 2].Value.Time;
            var (worstTenant, worst) = (healthy[^1].Key, healthy[^1].Value.Time);
            var requests = polls.Values.Select(p => p.Requests).ToList();
            var slowPoll = polls[slow];
            var failed = polls.Values.Count(p => p.Outcome != Circular.Portal.Sync.SyncRunOutcome.Succeeded);
            output.WriteLine($"Many tenants: {tenants.Count} polls ({ChangesEach} changes each, {PollWorkers} at a time) in {total.TotalSeconds:N1} s; own time median {median.TotalMilliseconds:N0} ms, "
                             + $"p90 {healthy[(int)(healthy.Count * 0.9)].Value.Time.TotalMilliseconds:N0} ms, worst healthy {worst.TotalMilliseconds:N0} ms ({worstTenant.Sandbox.Kind}); slow account's poll {slowPoll.Time.TotalSeconds:N1} s ({slowPoll.Requests} requests); "
                             + $"requests per poll mean {requests.Average():0.0}, max {requests.Max()}; {arrived}/{changed.Count} Hired/Rejected; {failed} polls not succeeded");
            foreach (var kind in healthy.GroupBy(p => p.Key.Sandbox.Kind))
                output.WriteLine($"  {kind.Key}: own time median {kind.OrderBy(p => p.Value.Time).ElementAt(kind.Count() / 2).Value.Time.TotalMilliseconds:N0} ms, requests per poll {kind.Average(p => p.Value.Requests):0.0}");
            table.Add(Section, $"A poll per tenant ({tenants.Count} connections, {ChangesEach} hired/rejected each, {PollWorkers} at a time): all done, changes arrived",
                $"{total.TotalSeconds:N1} s, {arrived}/{changed.Count}", $"{changed.Count}/{changed.Count} arrived");
            table.Add(Section, "  one poll's own time: worst healthy tenant vs median", $"{worst.TotalMilliseconds:N0} ms vs {median.TotalMilliseconds:N0} ms ({worst / median:0.0}×, {worstTenant.Sandbox.Kind})", "within 2×");
            table.Add(Section, "  requests per poll (mean / max); the slow account's poll", $"{requests.Average():0.0} / {requests.Max()}; {slowPoll.Time.TotalSeconds:N1} s", "");
            Assert.Equal(0, failed);
            Assert.Equal(changed.Count, arrived);
        }
        finally
        {
            await PollLoad.PauseScheduledPollsAsync(fixture, connections, pause: false);
        }
    }

    private async Task UntilPushesSettledAsync(List<int> connectionIds, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && await fixture.Portal.QueryAsync(db => db.Set<CandidatePush>().IgnoreQueryFilters()
                   .AnyAsync(p => p.ConnectionId != null && connectionIds.Contains(p.ConnectionId.Value) && p.State == PushState.Sent && p.AttributionCheckedAt == null)))
        {
            await Task.Delay(200);
        }
    }

    /// <summary>The connections among <paramref name="connectionIds"/> with no push left to send.</summary>
    private Task<List<int>> FinishedAsync(List<int> connectionIds) =>
        fixture.Portal.QueryAsync(async db =>
        {
            var open = await db.Set<CandidatePush>().IgnoreQueryFilters()
                .Where(p => p.ConnectionId != null && connectionIds.Contains(p.ConnectionId.Value) && p.State != PushState.Sent && p.State != PushState.DeadLettered)
                .Select(p => p.ConnectionId!.Value).Distinct().ToListAsync();
            var started = await db.Set<CandidatePush>().IgnoreQueryFilters()
                .Where(p => p.ConnectionId != null && connectionIds.Contains(p.ConnectionId.Value))
                .GroupBy(p => p.ConnectionId!.Value).Where(g => g.Count() >= PushesEach).Select(g => g.Key).ToListAsync();
            return started.Except(open).ToList();
        });
}
