using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Jobs;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Fetches a connection's jobs into the snapshot, page by page, with progress visible while it runs. The first run moves
/// the connection from Syncing to Connected and tells the admins (bell and email) whether it worked. It is the connection's
/// one worker: after a job sync (or on a wake-up alone) it sends the connection's due pushes, processes the webhook
/// events stored for it, and, on its status trigger or "Sync now", polls the vendor for the statuses of what it pushed.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SyncConnectionJob(
    TenantContext tenant,
    IDbContextFactory<PortalDbContext> dbFactory,
    ConnectionContexts contexts,
    AtsProviders providers,
    JobSnapshotWriter writer,
    MappingHealthCheck mappingHealth,
    Notifier notifier,
    IConfiguration configuration,
    SyncEvents events,
    Push.PushWorker pushes,
    Push.PushOutbox pushOutbox,
    Status.StatusPoller statusPoller,
    Status.WebhookInbox webhookInbox,
    SyncScheduler scheduler,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<SyncConnectionJob> log) : IJob
{
    private const int BatchSize = 200;
    /// <summary>Incremental syncs ask for a little more than since the last run, so a vendor clock skew never loses a change.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
    {
        tenant.RunAsSystem(nameof(SyncConnectionJob));
        var connectionId = context.MergedJobDataMap.GetInt(SyncScheduler.ConnectionIdKey);
        var first = context.MergedJobDataMap.ContainsKey(SyncScheduler.FirstSyncKey);
        // Quartz lets a running job finish when the portal stops; a sync stops at once instead, is recorded as
        // interrupted, and runs again at the next start (a first sync included).
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var data = context.MergedJobDataMap;
        var syncNow = data.ContainsKey(SyncScheduler.SyncNowKey);
        var statusPoll = data.ContainsKey(SyncScheduler.StatusPollKey);
        // A wake-up only sends pushes and processes webhook events, a status trigger only polls statuses; the job-sync
        // timer, "Sync now" (and a recovered run) list jobs.
        if ((!data.ContainsKey(SyncScheduler.WakeKey) && !statusPoll) || syncNow || context.Recovering) await RunAsync(connectionId, first, stopping.Token);
        await pushes.RunAsync(connectionId, stopping.Token);
        await webhookInbox.RunAsync(connectionId, stopping.Token);
        if (statusPoll || syncNow || context.Recovering) await statusPoller.PollAsync(connectionId, stopping.Token);
    }

    public async Task RunAsync(int connectionId, bool first, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || connection.State is ConnectionState.Disconnected or ConnectionState.NeedsReauth) return;
        // The run that takes the connection out of Syncing is its first sync, whichever trigger started it (its own,
        // Quartz's recovery after a crash, the start-up sweep, or the recurring one); a repeated first trigger is a plain sync.
        first = connection.State == ConnectionState.Syncing;
        // The vendor asked for a long pause: nothing goes out before it ends (the worker wakes then), no thread waits.
        if (connection.RateLimitedUntil > clock.GetUtcNow()) return;
        var vendor = providers.Get(connection.Kind).Traits.DisplayName;
        var run = new SyncRun
        {
            CompanyId = connection.CompanyId, ConnectionId = connection.Id, StartedAt = clock.GetUtcNow(),
            Kind = first ? SyncRunKind.FirstSync : SyncRunKind.JobSync,
        };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);

        try
        {
            var atsContext = await contexts.ForAsync(connectionId, ct);
            // Only a full listing tells which jobs were deleted at the vendor, so one runs every few hours besides the first.
            var full = first || connection.LastSyncedAt is null || connection.LastFullSyncAt is null
                       || connection.LastFullSyncAt < run.StartedAt - configuration.GetValue("Sync:FullListingInterval", TimeSpan.FromHours(6));
            var since = full ? (DateTimeOffset?)null : connection.LastSyncedAt - Overlap;
            var batch = new List<AtsJobRecord>(BatchSize);
            await using (var jobs = providers.Get(connection.Kind).ListJobsAsync(atsContext, since, ct).GetAsyncEnumerator(ct))
            {
                while (true)
                {
                    // A step that does not complete at once is waiting for the vendor's next page: save what the last page
                    // brought first, so progress counts page by page instead of sitting at 0 until the end.
                    var next = jobs.MoveNextAsync();
                    if (!next.IsCompleted && batch.Count > 0)
                    {
                        // Both finish before either's error is seen, so the listing is never left running.
                        var fetching = next.AsTask();
                        await Task.WhenAll(fetching, FlushAsync(db, connection, run, batch, ct));
                        next = new ValueTask<bool>(fetching);
                    }
                    if (!await next) break;
                    batch.Add(jobs.Current);
                    if (batch.Count >= BatchSize) await FlushAsync(db, connection, run, batch, ct);
                }
            }
            await FlushAsync(db, connection, run, batch, ct);
            if (full) await writer.MarkMissingAsync(connection.Id, run.StartedAt, ct);

            // Re-read: a token refresh may have changed the row meanwhile.
            await db.Entry(connection).ReloadAsync(ct);
            connection.LastSyncedAt = run.StartedAt;
            if (full) connection.LastFullSyncAt = run.StartedAt;
            connection.LastUsedAt = clock.GetUtcNow();
            connection.LastError = null;
            connection.RateLimitedUntil = null;
            // A reconnect, a reopened job or a healed link releases the pushes that waited for it, in this same save.
            await pushOutbox.ReaimForConnectionAsync(db, connection.Id, ct);
            if (connection.State == ConnectionState.Syncing)
            {
                connection.State = ConnectionState.Connected;
                connection.ConnectedAt ??= clock.GetUtcNow();
            }
            run.Outcome = SyncRunOutcome.Succeeded;
            run.FinishedAt = clock.GetUtcNow();
            if (first)
            {
                await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{vendor}: first sync finished",
                    $"The first sync with {vendor} finished: {run.JobsSeen} jobs are ready to import and map.",
                    "/integrations", NotificationLevel.Success, sendEmail: true, ct);
            }
            await db.SaveChangesAsync(ct);
            log.LogInformation("Synced {Count} jobs for connection {ConnectionId} ({Listing} listing)", run.JobsSeen, connectionId, full ? "full" : "incremental");
            await mappingHealth.CheckAsync(connection, vendor, ct);
        }
        catch (Exception e) when (ct.IsCancellationRequested)
        {
            await InterruptAsync(db, run, e);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(db, connection, run, vendor, first, e, ct);
        }
        finally
        {
            await events.PublishAsync(connection.CompanyId);
        }
    }

    private async Task FlushAsync(PortalDbContext db, AtsConnection connection, SyncRun run, List<AtsJobRecord> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var (added, updated) = await writer.UpsertAsync(connection, batch, ct);
        run.JobsSeen += batch.Count;
        run.JobsAdded += added;
        run.JobsUpdated += updated;
        batch.Clear();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);
    }

    private async Task FailAsync(PortalDbContext db, AtsConnection connection, SyncRun run, string vendor, bool first, Exception e, CancellationToken ct)
    {
        var auth = e is AtsException { Kind: AtsFailureKind.Auth };
        var message = e is AtsException ats ? ats.Message : "An unexpected error stopped the sync; it will be retried.";
        log.LogWarning(e, "Sync of connection {ConnectionId} failed", connection.Id);
        db.ChangeTracker.Clear();
        var fresh = await db.Connections.SingleAsync(c => c.Id == connection.Id, ct);
        fresh.LastError = message;
        if (e is AtsException { RetryAfter: { } retryAfter } && retryAfter > AtsHttp.MaxInlineWait)
        {
            // Capped, stored and shown ("Lever asked us to wait until …") instead of held on a scheduler thread.
            fresh.RateLimitedUntil = clock.GetUtcNow() + (retryAfter > Push.PushWorker.MaxPause ? Push.PushWorker.MaxPause : retryAfter);
            await scheduler.WakeAsync(connection.Id, ct, fresh.RateLimitedUntil);
        }
        if (auth) fresh.State = ConnectionState.NeedsReauth;
        else if (fresh.State == ConnectionState.Syncing) fresh.State = ConnectionState.Connected;
        db.Attach(run);
        run.Outcome = SyncRunOutcome.Failed;
        run.Error = message;
        run.FinishedAt = clock.GetUtcNow();
        if (auth)
        {
            await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{vendor} needs to be reconnected",
                $"{vendor} no longer accepts the portal's credentials, so nothing is sent or synced. Open ATS Integration and choose Reconnect; your mappings and history are kept.",
                "/integrations", NotificationLevel.Error, sendEmail: true, ct);
        }
        else if (first)
        {
            await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{vendor}: first sync failed",
                $"The first sync with {vendor} did not finish: {message} The portal tries again automatically.",
                "/integrations", NotificationLevel.Warning, sendEmail: true, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The portal is stopping: the run is recorded as interrupted (not left Running), and the connection keeps its state,
    /// so a first sync that did not finish runs again at the next start (<see cref="InterruptedRunSweep"/>).
    /// </summary>
    private async Task InterruptAsync(PortalDbContext db, SyncRun run, Exception e)
    {
        log.LogInformation(e, "Sync of connection {ConnectionId} was interrupted by the portal stopping", run.ConnectionId);
        db.ChangeTracker.Clear();
        db.Attach(run);
        run.Outcome = SyncRunOutcome.Interrupted;
        run.Error = InterruptedRunSweep.InterruptedMessage;
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
