using System.Net;
using Circular.Portal.Connections;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Circular.Portal.Tests.Sync.Status;

/// <summary>
/// Status back through the connection's worker: webhook events processed from the inbox (re-reading the vendor), polls
/// from the connection's cursor, "Sync now", leases and backoff. The vendor's status reads are scripted; time is fake
/// except where the portal's own Quartz schedule is what is tested.
/// </summary>
public abstract class StatusSyncCases(StatusSyncBed bed)
{
    private static DateTimeOffset T(int minutes) => new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutes);

    [DatabaseFact]
    public async Task A_webhook_delivered_twice_is_stored_once_and_moves_the_application_once()
    {
        var pushed = await bed.PushedAsync();
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Hired, T(5));

        Assert.Equal(HttpStatusCode.OK, (await bed.PostWorkableAsync(pushed.ConnectionId, "evt-dup", pushed.VendorCandidateId, false, T(5))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bed.PostWorkableAsync(pushed.ConnectionId, "evt-dup", pushed.VendorCandidateId, false, T(5))).StatusCode);
        await bed.RunInboxAsync(pushed.ConnectionId);

        var delivery = Assert.Single(await bed.DeliveriesAsync(pushed.ConnectionId));
        Assert.NotNull(delivery.ProcessedAt);
        Assert.Equal(ApplicationStage.Hired, await bed.StageAsync(pushed.ApplicationId));
        Assert.Equal(1, await bed.VendorMovesAsync(pushed.ApplicationId));
        var bells = await bed.QueryAsync(db => db.Notifications.Where(n => n.UserId == pushed.AdminId).ToListAsync());
        Assert.Single(bells, b => b.Title.Contains("hired in Workable"));
    }

    [DatabaseFact]
    public async Task A_delivery_with_a_known_and_a_new_event_stores_and_applies_the_new_one()
    {
        var first = await bed.PushedAsync();
        var second = await bed.AddPushToAsync(first);
        bed.Vendor.Set(first.VendorCandidateId, first.VendorApplicationId, AtsApplicationStatus.Hired, T(1));
        await bed.PostWorkableAsync(first.ConnectionId, "evt-known", first.VendorCandidateId, false, T(1));
        await bed.RunInboxAsync(first.ConnectionId);

        bed.Vendor.Set(second.VendorCandidateId, second.VendorApplicationId, AtsApplicationStatus.Rejected, T(2), "Not a fit");
        var response = await bed.PostWorkableAsync(first.ConnectionId, "evt-new", second.VendorCandidateId, true, T(2), alsoKnownEvent: "evt-known");
        await bed.RunInboxAsync(first.ConnectionId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["evt-known", "evt-new"], (await bed.DeliveriesAsync(first.ConnectionId)).Select(d => d.EventId));
        Assert.All(await bed.DeliveriesAsync(first.ConnectionId), d => Assert.NotNull(d.ProcessedAt));
        Assert.Equal(ApplicationStage.Rejected, await bed.StageAsync(second.ApplicationId));
        Assert.Equal(ApplicationStage.Hired, await bed.StageAsync(first.ApplicationId));
        Assert.Equal(1, await bed.VendorMovesAsync(first.ApplicationId));
    }

    [DatabaseFact]
    public async Task Webhooks_arriving_out_of_order_converge_on_what_the_vendor_says_now()
    {
        var pushed = await bed.PushedAsync();
        // In the ATS: rejected at 12:10, then the recruiter changed their mind and hired at 12:20.
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Hired, T(20));

        // The newer event comes first, the older ("disqualified") one after it.
        await bed.PostWorkableAsync(pushed.ConnectionId, "evt-hired", pushed.VendorCandidateId, false, T(20));
        await bed.RunInboxAsync(pushed.ConnectionId);
        await bed.PostWorkableAsync(pushed.ConnectionId, "evt-rejected", pushed.VendorCandidateId, true, T(10));
        await bed.RunInboxAsync(pushed.ConnectionId);

        Assert.Equal(ApplicationStage.Hired, await bed.StageAsync(pushed.ApplicationId));
        Assert.Equal(1, await bed.VendorMovesAsync(pushed.ApplicationId));
        var stored = await bed.QueryAsync(db => db.Set<ApplicationAtsStatus>().SingleAsync(s => s.ApplicationId == pushed.ApplicationId));
        Assert.Equal((AtsApplicationStatus.Hired, T(20), StatusApplier.FromWebhook), (stored.VendorStatus, stored.ObservedAt, stored.Source));
    }

    [DatabaseFact]
    public async Task A_webhook_with_a_bad_signature_gets_401_and_nothing_is_stored_or_read()
    {
        var pushed = await bed.PushedAsync();
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Hired, T(5));
        var reads = bed.Vendor.Reads;

        var response = await bed.PostWorkableAsync(pushed.ConnectionId, "evt-forged", pushed.VendorCandidateId, false, T(5), secret: "not-the-secret");
        await bed.RunInboxAsync(pushed.ConnectionId);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await bed.DeliveriesAsync(pushed.ConnectionId));
        Assert.Equal(reads, bed.Vendor.Reads);
        Assert.Equal(ApplicationStage.InterviewAccepted, await bed.StageAsync(pushed.ApplicationId));
    }

    [DatabaseFact]
    public async Task A_stop_between_two_poll_pages_loses_nothing_and_applies_nothing_twice()
    {
        var first = await bed.PushedAsync();
        var all = new List<PushedApplication> { first };
        for (var i = 1; i <= StatusPoller.PageSize; i++) all.Add(await bed.AddPushToAsync(first));
        for (var i = 0; i < all.Count; i++)
        {
            bed.Vendor.Set(all[i].VendorCandidateId, all[i].VendorApplicationId, i % 2 == 0 ? AtsApplicationStatus.Hired : AtsApplicationStatus.Rejected, T(i));
        }

        using var stop = new CancellationTokenSource();
        bed.Failpoints.Arm(FailpointNames.BetweenStatusPages, stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.PollAsync(first.ConnectionId, stop.Token));

        var movedBeforeStop = 0;
        foreach (var p in all) movedBeforeStop += await bed.VendorMovesAsync(p.ApplicationId);
        Assert.Equal(StatusPoller.PageSize, movedBeforeStop);
        Assert.Null(await bed.QueryAsync(db => db.Connections.Where(c => c.Id == first.ConnectionId).Select(c => c.StatusCursor).SingleAsync()));
        var interrupted = await bed.QueryAsync(db => db.SyncRuns.SingleAsync(r => r.ConnectionId == first.ConnectionId));
        Assert.Equal((SyncRunKind.StatusPoll, SyncRunOutcome.Interrupted, StatusPoller.PageSize), (interrupted.Kind, interrupted.Outcome, interrupted.StatusesApplied));

        // The next poll (the restart) reads from the same cursor: the rest is applied, what was applied stays once.
        var run = await bed.PollAsync(first.ConnectionId);

        // Only the application still open is followed now: the 50 applied before the stop are final in Circular.
        Assert.Equal((SyncRunOutcome.Succeeded, 1, 1), (run!.Outcome, run.StatusesSeen, run.StatusesApplied));
        for (var i = 0; i < all.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? ApplicationStage.Hired : ApplicationStage.Rejected, await bed.StageAsync(all[i].ApplicationId));
            Assert.Equal(1, await bed.VendorMovesAsync(all[i].ApplicationId));
        }
        Assert.NotNull(await bed.QueryAsync(db => db.Connections.Where(c => c.Id == first.ConnectionId).Select(c => c.StatusCursor).SingleAsync()));
    }

    [DatabaseFact]
    public async Task A_poll_follows_only_what_Circular_pushed_and_a_connection_with_nothing_pushed_asks_nothing()
    {
        var pushed = await bed.PushedAsync();
        var polls = bed.Vendor.Polls;
        await bed.PollAsync(pushed.ConnectionId);
        Assert.Equal([pushed.VendorCandidateId], bed.Vendor.LastPolled.Select(p => p.CandidateId));

        // Once its application is final, the candidate is no longer followed: nothing is left to ask the vendor about.
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Hired, T(3));
        await bed.PollAsync(pushed.ConnectionId);
        var afterHire = bed.Vendor.Polls;
        var none = await bed.PollAsync(pushed.ConnectionId);

        Assert.Equal(polls + 2, afterHire);
        Assert.Null(none);
        Assert.Equal(afterHire, bed.Vendor.Polls);
        Assert.NotNull(await bed.QueryAsync(db => db.Connections.Where(c => c.Id == pushed.ConnectionId).Select(c => c.LastStatusPollAt).SingleAsync()));
    }

    [DatabaseFact]
    public async Task A_claim_left_by_a_crashed_worker_is_taken_again_when_its_lease_expires()
    {
        var pushed = await bed.PushedAsync();
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Hired, T(5));
        // Stored without waking the worker, then claimed by a worker that dies before processing it.
        await bed.QueryAsync(async db =>
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                CompanyId = pushed.CompanyId, ConnectionId = pushed.ConnectionId, EventId = "evt-crash", EventType = "candidate_moved",
                CandidateId = pushed.VendorCandidateId, ApplicationId = pushed.VendorCandidateId, OccurredAt = T(5), ReceivedAt = bed.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });
        await using (var scope = bed.SystemScope())
        {
            Assert.Single(await scope.ServiceProvider.GetRequiredService<WebhookInbox>().ClaimAsync(pushed.ConnectionId, default));
        }

        Assert.Equal(0, await bed.RunInboxAsync(pushed.ConnectionId));
        Assert.Equal(ApplicationStage.InterviewAccepted, await bed.StageAsync(pushed.ApplicationId));

        bed.Clock.Advance(WebhookInbox.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await bed.RunInboxAsync(pushed.ConnectionId));

        Assert.Equal(ApplicationStage.Hired, await bed.StageAsync(pushed.ApplicationId));
        var delivery = Assert.Single(await bed.DeliveriesAsync(pushed.ConnectionId));
        Assert.Equal(2, delivery.Attempts);
        Assert.NotNull(delivery.ProcessedAt);
    }

    [DatabaseFact]
    public async Task A_failed_re_read_backs_off_and_is_retried_when_due()
    {
        var pushed = await bed.PushedAsync();
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Rejected, T(5), "Position filled");
        bed.Vendor.FailNext = new AtsException(AtsKind.Workable, AtsFailureKind.Transient, "Workable is not answering right now.", 503);
        await bed.PostWorkableAsync(pushed.ConnectionId, "evt-503", pushed.VendorCandidateId, true, T(5));
        // The receiver woke the portal's own worker: wait until an attempt (it or ours) has failed.
        await bed.RunInboxAsync(pushed.ConnectionId);
        await bed.WaitUntilAsync(async () => (await bed.DeliveriesAsync(pushed.ConnectionId)).Single().LastError is not null,
            TimeSpan.FromSeconds(15), "the failed attempt");

        var failed = Assert.Single(await bed.DeliveriesAsync(pushed.ConnectionId));
        Assert.Null(failed.ProcessedAt);
        Assert.Equal("Workable is not answering right now.", failed.LastError);
        Assert.True(failed.NextAttemptAt >= bed.Clock.GetUtcNow());
        Assert.Equal(ApplicationStage.InterviewAccepted, await bed.StageAsync(pushed.ApplicationId));

        bed.Clock.Advance(WebhookInbox.BackoffCap);
        await bed.RunInboxAsync(pushed.ConnectionId);
        // Ours or the portal's own worker (woken for the due retry) takes it.
        await bed.WaitUntilAsync(async () => await bed.StageAsync(pushed.ApplicationId) == ApplicationStage.Rejected, TimeSpan.FromSeconds(15), "the retry");
        Assert.NotNull(Assert.Single(await bed.DeliveriesAsync(pushed.ConnectionId)).ProcessedAt);
    }

    [DatabaseFact]
    public async Task A_429_on_a_poll_pauses_only_that_connection_and_refused_credentials_ask_for_a_reconnect()
    {
        var limited = await bed.PushedAsync();
        var other = await bed.PushedAsync();
        bed.Vendor.FailNext = new AtsException(AtsKind.Workable, AtsFailureKind.Transient, "Workable asked us to slow down.", 429, TimeSpan.FromMinutes(10));

        var run = await bed.PollAsync(limited.ConnectionId);

        Assert.Equal(SyncRunOutcome.Failed, run!.Outcome);
        var paused = await bed.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == limited.ConnectionId));
        Assert.True(paused.RateLimitedUntil > bed.Clock.GetUtcNow());
        Assert.Equal("Workable asked us to slow down.", paused.LastStatusPollError);
        Assert.Null(await bed.PollAsync(limited.ConnectionId));
        Assert.Equal(SyncRunOutcome.Succeeded, (await bed.PollAsync(other.ConnectionId))!.Outcome);

        bed.Vendor.FailNext = new AtsException(AtsKind.Workable, AtsFailureKind.Auth, "Workable refused the token.", 401);
        await bed.PollAsync(other.ConnectionId);
        Assert.Equal(ConnectionState.NeedsReauth, await bed.QueryAsync(db => db.Connections.Where(c => c.Id == other.ConnectionId).Select(c => c.State).SingleAsync()));
    }

    [DatabaseFact]
    public async Task Sync_now_is_refused_with_the_reason_for_a_connection_that_needs_a_reconnect()
    {
        var pushed = await bed.PushedAsync();
        await bed.QueryAsync(db => db.Connections.Where(c => c.Id == pushed.ConnectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, ConnectionState.NeedsReauth)));

        await using var scope = bed.ScopeFor(pushed.CompanyId);
        var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>().SyncNowAsync(pushed.ConnectionId, default);

        Assert.False(outcome.Succeeded);
        Assert.Equal("Reconnect Workable first; nothing can be synced until then.", outcome.Message);
        var scheduler = await bed.Portal.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.False(await scheduler.Exists(SyncScheduler.JobKeyFor(pushed.ConnectionId)));
    }

    [DatabaseFact]
    public async Task Processed_webhook_events_are_purged_after_the_retention_and_unprocessed_ones_kept()
    {
        var pushed = await bed.PushedAsync();
        var now = bed.Clock.GetUtcNow();
        await bed.QueryAsync(async db =>
        {
            WebhookDelivery Row(string id, DateTimeOffset? processed) => new()
            {
                CompanyId = pushed.CompanyId, ConnectionId = pushed.ConnectionId, EventId = id, EventType = "candidate_moved",
                CandidateId = "someone-else", OccurredAt = now, ReceivedAt = now.AddDays(-40), ProcessedAt = processed, NextAttemptAt = now.AddDays(1),
            };
            db.WebhookDeliveries.AddRange(Row("old", now.AddDays(-31)), Row("recent", now.AddDays(-29)), Row("pending", null));
            return await db.SaveChangesAsync();
        });

        await using (var scope = bed.SystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebhookPurgeJob>().PurgeAsync(default);
        }

        Assert.Equal(["recent", "pending"], (await bed.DeliveriesAsync(pushed.ConnectionId)).Select(d => d.EventId));
    }

    [DatabaseFact]
    public async Task Old_poll_runs_are_purged_after_the_retention_keeping_the_latest_of_each_kind_and_the_first_sync()
    {
        var pushed = await bed.PushedAsync();
        var now = bed.Clock.GetUtcNow();
        var ids = await bed.QueryAsync(async db =>
        {
            SyncRun Run(SyncRunKind kind, int daysAgo) => new()
            {
                CompanyId = pushed.CompanyId, ConnectionId = pushed.ConnectionId, Kind = kind, Outcome = SyncRunOutcome.Succeeded,
                StartedAt = now.AddDays(-daysAgo), FinishedAt = now.AddDays(-daysAgo).AddSeconds(1),
            };
            var runs = new[] { Run(SyncRunKind.FirstSync, 60), Run(SyncRunKind.StatusPoll, 45), Run(SyncRunKind.StatusPoll, 31), Run(SyncRunKind.StatusPoll, 2), Run(SyncRunKind.JobSync, 40) };
            db.SyncRuns.AddRange(runs);
            await db.SaveChangesAsync();
            return runs.Select(r => r.Id).ToArray();
        });

        await using (var scope = bed.SystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebhookPurgeJob>().PurgeAsync(default);
        }

        var left = await bed.QueryAsync(db => db.SyncRuns.IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync());
        // The two old polls go; the first sync, the recent poll and the connection's only (hence latest) job sync stay.
        Assert.Equal(new[] { ids[0], ids[3], ids[4] }, left.Order());
    }
}

/// <summary>The connection's worker on its own Quartz schedule (wall clock): "Sync now" and the recurring status poll.</summary>
public abstract class StatusWorkerCases(StatusWorkerBed bed)
{
    private static DateTimeOffset T(int minutes) => new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutes);

    [DatabaseFact]
    public async Task Sync_now_runs_a_status_poll_through_the_connections_worker()
    {
        var pushed = await bed.PushedAsync();
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Hired, T(5));

        await using (var scope = bed.ScopeFor(pushed.CompanyId))
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>().SyncNowAsync(pushed.ConnectionId, default);
            Assert.True(outcome.Succeeded, outcome.Message);
        }

        await bed.WaitUntilAsync(async () => await bed.StageAsync(pushed.ApplicationId) == ApplicationStage.Hired, TimeSpan.FromSeconds(20), "Hired by the sync", pushed.ConnectionId);
        var runs = await bed.QueryAsync(db => db.SyncRuns.Where(r => r.ConnectionId == pushed.ConnectionId).Select(r => r.Kind).ToListAsync());
        Assert.Contains(SyncRunKind.StatusPoll, runs);
        Assert.Contains(SyncRunKind.JobSync, runs);
        Assert.Equal(StatusApplier.FromPoll, await bed.QueryAsync(db => db.Set<ApplicationAtsStatus>().Where(s => s.ApplicationId == pushed.ApplicationId).Select(s => s.Source).SingleAsync()));
    }

    [DatabaseFact]
    public async Task With_webhooks_off_the_workers_own_schedule_polls_within_one_interval()
    {
        var pushed = await bed.PushedAsync();
        await using (var scope = bed.SystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<SyncScheduler>().ScheduleFirstSyncAsync(pushed.ConnectionId, default);
        }
        var scheduler = await bed.Portal.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(SyncScheduler.StatusPollTriggerKey(pushed.ConnectionId)));
        Assert.Equal(StatusSyncBed.PollInterval, trigger.RepeatInterval);

        var changedAt = DateTime.UtcNow;
        bed.Vendor.Set(pushed.VendorCandidateId, pushed.VendorApplicationId, AtsApplicationStatus.Withdrawn, T(5));
        await bed.WaitUntilAsync(async () => await bed.StageAsync(pushed.ApplicationId) == ApplicationStage.Withdrawn,
            TimeSpan.FromSeconds(20), "Withdrawn by the scheduled poll", pushed.ConnectionId);

        var movedAt = DateTime.UtcNow;
        Assert.Empty(await bed.DeliveriesAsync(pushed.ConnectionId));
        // The run's record commits just after the move.
        await bed.WaitUntilAsync(() => bed.QueryAsync(db => db.SyncRuns.AnyAsync(r => r.ConnectionId == pushed.ConnectionId && r.Kind == SyncRunKind.StatusPoll
            && r.StatusesApplied == 1 && r.Outcome == SyncRunOutcome.Succeeded)), TimeSpan.FromSeconds(10), "the poll's record", pushed.ConnectionId);
        // One interval, plus room for a loaded machine to run the worker.
        Assert.True(movedAt - changedAt < StatusSyncBed.PollInterval + TimeSpan.FromSeconds(10));
    }
}

public sealed class StatusSyncTests(StatusSyncBed bed) : StatusSyncCases(bed), IClassFixture<StatusSyncBed>;

/// <summary>The same on PostgreSQL (row-locked inbox and lease claims, xmin tokens).</summary>
[OnPostgres]
public sealed class StatusSyncOnPostgresTests(PostgresStatusSyncBed bed) : StatusSyncCases(bed), IClassFixture<PostgresStatusSyncBed>;

public sealed class StatusWorkerTests(StatusWorkerBed bed) : StatusWorkerCases(bed), IClassFixture<StatusWorkerBed>;

/// <summary>The same on PostgreSQL, with Quartz's clustered job store.</summary>
[OnPostgres]
public sealed class StatusWorkerOnPostgresTests(PostgresStatusWorkerBed bed) : StatusWorkerCases(bed), IClassFixture<PostgresStatusWorkerBed>;
