using System.Diagnostics;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Both directions through the running portal, with the Sandbox answering at once: accept → created in the ATS, and a
/// hire in the Sandbox → Hired in Circular by the webhook the portal registered itself (Lever, Workable), as p50 / p95
/// over many runs. Then the cost of a status poll per vendor with 10,000 tracked applications, counted in requests at the
/// Sandbox: with no change, and with 100 of them hired or rejected in the Sandbox since the last poll (all must arrive).
/// </summary>
public sealed class StatusBenchmark(IntegrationFixture fixture, BenchmarkTable table, ITestOutputHelper output)
{
    private const int TrackedApplications = 10_000;
    private const int ChangedApplications = 100;

    public async Task RunLatencyAsync()
    {
        var runs = BenchmarkScale.Of(100, minimum: 5);
        // Latency, not throughput: the vendors' limits at the benchmark's common factor, so a run is not held by them.
        PushLoad.ScaleRateLimits(fixture);
        foreach (var kind in new[] { AtsKind.Lever, AtsKind.Workable })
        {
            var tenant = await PushLoad.TenantAsync(fixture, $"Status latency {kind} Co {Guid.NewGuid():N}", kind, runs);
            var emulator = Emulator(kind);
            var pushed = new List<double>();
            var hired = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var applicationId = tenant.ApplicationIds[i];
                var email = tenant.Emails[i];
                var clock = Stopwatch.StartNew();
                await fixture.AcceptAsync(tenant.Sandbox.CompanyId, applicationId);
                await UntilAsync(() => Task.FromResult(fixture.SandboxCandidates(kind, tenant.Sandbox.AccountId, email).Count > 0), $"{kind}: nothing created");
                pushed.Add(clock.Elapsed.TotalMilliseconds);
                // The push's own calls (read-back included) are over before the recruiter acts.
                await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent, TimeSpan.FromSeconds(60), p => p.AttributionCheckedAt is not null);

                var candidate = fixture.SandboxCandidates(kind, tenant.Sandbox.AccountId, email).Single().Id;
                clock.Restart();
                await emulator.ActAsync(tenant.Sandbox.AccountId, candidate, SandboxRecruiterAction.Hire, default);
                await UntilAsync(() => fixture.Portal.QueryAsync(db => db.Applications.AnyAsync(a => a.Id == applicationId && a.Stage == ApplicationStage.Hired)), $"{kind}: not Hired");
                hired.Add(clock.Elapsed.TotalMilliseconds);
            }
            var webhooks = await fixture.Portal.QueryAsync(db => db.WebhookDeliveries.CountAsync(w => w.ConnectionId == tenant.Sandbox.ConnectionId && w.ProcessedAt != null));
            output.WriteLine($"{kind}: {runs} runs; accept → created p50 {P(pushed, 50):N0} / p95 {P(pushed, 95):N0} ms; hire → Hired p50 {P(hired, 50):N0} / p95 {P(hired, 95):N0} ms; {webhooks} webhook events processed");
            table.Add("Latency", $"{kind}: accept → created in the ATS, p50 / p95 of {runs}", $"{P(pushed, 50):N0} / {P(pushed, 95):N0} ms", "p95 < 2 s");
            table.Add("Latency", $"{kind}: Sandbox hire → Hired in Circular (webhook), p50 / p95 of {runs}", $"{P(hired, 50):N0} / {P(hired, 95):N0} ms", "p95 < 2 s");
            Assert.True(webhooks > 0, $"{kind}: no webhook was processed, so the figure is not the webhook path's");
        }
    }

    public async Task RunPollCostAsync()
    {
        var tracked = BenchmarkScale.Of(TrackedApplications, minimum: 100);
        var changes = BenchmarkScale.Of(ChangedApplications, minimum: 10);
        PushLoad.ScaleRateLimits(fixture);
        foreach (var kind in Enum.GetValues<AtsKind>())
        {
            // The candidates that will change are pushed for real (the Sandbox knows them); the rest of the tracked
            // applications are synthetic pushes on the same connection.
            var tenant = await PushLoad.TenantAsync(fixture, $"Poll cost {kind} Co {Guid.NewGuid():N}", kind, changes);
            var connectionId = tenant.Sandbox.ConnectionId;
            await PushLoad.AcceptAllAsync(fixture, tenant);
            await PushLoad.WaitForAllAsync(fixture, tenant, Stopwatch.StartNew(), TimeSpan.FromMinutes(10));
            // Every push's own calls (read-back included) are over before the counting starts.
            foreach (var applicationId in tenant.ApplicationIds)
                await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent, TimeSpan.FromSeconds(60), p => p.AttributionCheckedAt is not null);
            await PollLoad.PauseScheduledPollsAsync(fixture, [connectionId]);
            try
            {
                await PollLoad.StopWebhooksAsync(fixture, connectionId);
                // A first poll sets the connection's cursor; the figures are polls after it.
                await PollLoad.PollAsync(fixture, connectionId);
                await TrackManyAsync(tenant, tracked - changes);

                var (requests, elapsed, run) = await MeasuredPollAsync(tenant);
                output.WriteLine($"{kind}: poll with {tracked:N0} tracked applications and no change: {requests} requests, {elapsed.TotalMilliseconds:N0} ms, outcome {run?.Outcome}");
                table.Add("Poll cost", $"{kind}: {tracked:N0} tracked applications, no change: requests per poll (time)", $"{requests} ({elapsed.TotalMilliseconds:N0} ms)", "1 or 2");
                Assert.Equal(Circular.Portal.Sync.SyncRunOutcome.Succeeded, run?.Outcome);

                var webhooksBefore = await PollLoad.WebhookEventsAsync(fixture, connectionId);
                var changed = await PollLoad.HireAndRejectAsync(fixture, tenant, changes);
                (requests, elapsed, run) = await MeasuredPollAsync(tenant);
                var arrived = await PollLoad.HiredOrRejectedAsync(fixture, changed);
                var webhooks = await PollLoad.WebhookEventsAsync(fixture, connectionId) - webhooksBefore;
                output.WriteLine($"{kind}: poll with {tracked:N0} tracked applications, {changes} hired/rejected since the last poll: {requests} requests, "
                                 + $"{elapsed.TotalMilliseconds:N0} ms, {run?.StatusesApplied} applied, {arrived}/{changes} Hired/Rejected in Circular, {webhooks} webhook events");
                table.Add("Poll cost", $"{kind}: {tracked:N0} tracked, {changes} hired/rejected since the last poll: requests (time), arrived",
                    $"{requests} ({elapsed.TotalMilliseconds:N0} ms), {arrived}/{changes}", $"{changes}/{changes} arrived");
                Assert.Equal(Circular.Portal.Sync.SyncRunOutcome.Succeeded, run?.Outcome);
                Assert.Equal(0, webhooks);
                Assert.Equal(changes, arrived);
            }
            finally
            {
                await PollLoad.PauseScheduledPollsAsync(fixture, [connectionId], pause: false);
            }
        }
    }

    /// <summary>One poll of the tenant's connection: requests counted at the Sandbox, time, and the run.</summary>
    private async Task<(long Requests, TimeSpan Elapsed, Circular.Portal.Sync.SyncRun? Run)> MeasuredPollAsync(PushLoad.Tenant tenant)
    {
        var before = fixture.Requests(tenant.Sandbox).Requests;
        var clock = Stopwatch.StartNew();
        var run = await PollLoad.PollAsync(fixture, tenant.Sandbox.ConnectionId);
        var elapsed = clock.Elapsed;
        return (fixture.Requests(tenant.Sandbox).Requests - before, elapsed, run);
    }

    /// <summary>Many more applications Circular pushed earlier on the same connection, still open (so the poll follows them).</summary>
    private Task TrackManyAsync(PushLoad.Tenant tenant, int count) => fixture.Portal.QueryAsync(async db =>
    {
        var template = await db.Set<CandidatePush>().AsNoTracking().FirstAsync(p => p.ConnectionId == tenant.Sandbox.ConnectionId && p.State == PushState.Sent);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        for (var offset = 0; offset < count; offset += 1_000)
        {
            var applications = Enumerable.Range(offset, Math.Min(1_000, count - offset)).Select(i => new Application
            {
                CompanyId = tenant.Sandbox.CompanyId, PlatformApplicationId = $"tracked-{tag}-{i}", JobId = tenant.JobId,
                Stage = ApplicationStage.InterviewAccepted, StageChangedAt = now,
                Candidate = new Candidate { CompanyId = tenant.Sandbox.CompanyId, FirstName = "Tracked", LastName = $"{tag} {i}", Email = $"tracked.{tag}.{i}@example.com" },
            }).ToList();
            db.Applications.AddRange(applications);
            await db.SaveChangesAsync();
            db.AddRange(applications.Select((a, i) => new CandidatePush
            {
                CompanyId = a.CompanyId, ConnectionId = template.ConnectionId, ApplicationId = a.Id, AtsJobId = template.AtsJobId,
                State = PushState.Sent, Marker = $"tracked-{tag}-{offset + i}",
                VendorCandidateId = $"{template.VendorCandidateId}-t{offset + i}", VendorApplicationId = template.VendorApplicationId is null ? null : $"{template.VendorApplicationId}-t{offset + i}",
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return true;
    });

    private ISandboxEmulator Emulator(AtsKind kind) => fixture.Sandbox.Emulators.Single(e => e.Vendor == kind.ToString().ToLowerInvariant());

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException(what + " within 60 s");
            await Task.Delay(5);
        }
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
