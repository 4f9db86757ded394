using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Status;

/// <summary>
/// One status poll of a connection, run by the connection's worker: asks the vendor what changed since the connection's
/// cursor for the candidates Circular pushed there (and no one else), applies it page by page through
/// <see cref="StatusApplier"/>, then stores the next cursor with the run's record and its one email. A stop between two
/// pages loses nothing: the cursor has not moved, the next poll reads the same changes again, and what was applied is a
/// duplicate then. A 429 pauses only this connection; refused credentials put it in NeedsReauth.
/// </summary>
public sealed class StatusPoller(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConnectionContexts contexts,
    AtsProviders providers,
    StatusApplier applier,
    StatusNotices notices,
    Notifications.Notifier notifier,
    IFailpoints failpoints,
    SyncScheduler scheduler,
    SyncEvents events,
    TimeProvider clock,
    ILogger<StatusPoller> log)
{
    /// <summary>Observations applied (and committed) together.</summary>
    public const int PageSize = 50;

    /// <summary>Polls the connection once; returns the run, or null when there was nothing to follow or no poll is allowed now.</summary>
    public async Task<SyncRun?> PollAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || connection.State is not (ConnectionState.Connected or ConnectionState.Syncing)) return null;
        if (connection.RateLimitedUntil > clock.GetUtcNow()) return null;

        var tracked = await TrackedAsync(db, connectionId, ct);
        if (tracked.Count == 0)
        {
            // Nothing Circular pushed is still open: no call at all (a first poll must not read the whole account).
            await MarkPolledAsync(db, connectionId, connection.StatusCursor, null, ct);
            return null;
        }

        var provider = providers.Get(connection.Kind);
        var vendor = provider.Traits.DisplayName;
        var run = new SyncRun
        {
            CompanyId = connection.CompanyId, ConnectionId = connectionId, Kind = SyncRunKind.StatusPoll, StartedAt = clock.GetUtcNow(),
        };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);

        var digest = new StatusDigest();
        try
        {
            var batch = await ReadAsync(provider, connectionId, new AtsStatusQuery(connection.StatusCursor, tracked), ct);
            var pages = batch.Changes.OrderBy(c => c.OccurredAt).Chunk(PageSize).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                var report = await applier.ApplyAsync(connectionId, pages[i], StatusApplier.FromPoll, ct, digest);
                run.StatusesSeen += pages[i].Length;
                run.StatusesApplied += report[ObservationOutcome.Moved];
                await db.SaveChangesAsync(ct);
                if (i < pages.Count - 1) failpoints.Hit(FailpointNames.BetweenStatusPages);
            }

            // The cursor, the run's record and the run's one email commit together, in one write transaction: on SQLite
            // that is one turn of its single writer, which a fleet of polls queues for (the Fleet benchmark).
            run.Outcome = SyncRunOutcome.Succeeded;
            run.FinishedAt = clock.GetUtcNow();
            await notices.AddDigestAsync(db, connection.CompanyId, vendor, digest.Changes, ct);
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.SaveChangesAsync(ct);
                await MarkPolledAsync(db, connectionId, batch.NextCursor, null, ct);
                await transaction.CommitAsync(ct);
            }
            log.LogInformation("Status poll of connection {ConnectionId}: {Seen} observations, {Applied} applied", connectionId, run.StatusesSeen, run.StatusesApplied);
        }
        catch (Exception e) when (ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            db.Attach(run);
            run.Outcome = SyncRunOutcome.Interrupted;
            run.Error = InterruptedRunSweep.InterruptedMessage;
            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            log.LogInformation(e, "Status poll of connection {ConnectionId} was interrupted", connectionId);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(db, connection, run, vendor, digest, e, ct);
        }
        finally
        {
            await events.PublishAsync(connection.CompanyId);
        }
        return run;
    }

    /// <summary>
    /// The applications to follow: pushes that reached the vendor (it gave us its ids) whose Circular application is not
    /// final yet. Nothing else of the account is asked for.
    /// </summary>
    public static async Task<List<AtsApplicationRef>> TrackedAsync(PortalDbContext db, int connectionId, CancellationToken ct)
    {
        var rows = await (from p in db.Set<CandidatePush>()
                          join a in db.Applications on p.ApplicationId equals a.Id
                          join j in db.AtsJobs on p.AtsJobId equals j.Id into jobs
                          from j in jobs.DefaultIfEmpty()
                          where p.ConnectionId == connectionId && p.State == PushState.Sent && p.VendorCandidateId != null
                          select new { p.VendorCandidateId, p.VendorApplicationId, a.Stage, Job = j == null ? null : j.ExternalId })
            .ToListAsync(ct);
        return rows.Where(r => !ApplicationStages.IsFinal(r.Stage))
            .Select(r => new AtsApplicationRef(r.VendorCandidateId!, r.VendorApplicationId ?? r.VendorCandidateId!, r.Job ?? ""))
            .ToList();
    }

    /// <summary>One read, with one forced token refresh when an OAuth vendor refuses a token before its expiry.</summary>
    private async Task<AtsStatusBatch> ReadAsync(IAtsProvider provider, int connectionId, AtsStatusQuery query, CancellationToken ct)
    {
        try
        {
            return await provider.ReadStatusChangesAsync(await contexts.ForAsync(connectionId, ct), query, ct);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Auth && e.StatusCode == 401 && provider.OAuth is not null)
        {
            await contexts.RefreshAsync(connectionId, force: true, ct);
            return await provider.ReadStatusChangesAsync(await contexts.ForAsync(connectionId, ct), query, ct);
        }
    }

    private Task MarkPolledAsync(PortalDbContext db, int connectionId, string? cursor, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Only these columns: a token refresh or a job sync saving the row meanwhile is neither overwritten nor refused.
        return db.Connections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.StatusCursor, cursor)
            .SetProperty(c => c.LastStatusPollAt, now)
            .SetProperty(c => c.LastStatusPollError, error), ct);
    }

    private async Task FailAsync(PortalDbContext db, AtsConnection connection, SyncRun run, string vendor, StatusDigest digest, Exception e, CancellationToken ct)
    {
        var ats = e as AtsException;
        var message = ats?.Message ?? "An unexpected error stopped the status poll; it will be retried.";
        if (ats is null) log.LogError(e, "Status poll of connection {ConnectionId} failed", connection.Id);
        else log.LogWarning("Status poll of connection {ConnectionId} failed: {Failure} {Status}", connection.Id, ats.Kind, ats.StatusCode);
        db.ChangeTracker.Clear();
        db.Attach(run);
        run.Outcome = SyncRunOutcome.Failed;
        run.Error = message.Length > 1000 ? message[..1000] : message;
        run.FinishedAt = clock.GetUtcNow();
        // What was applied before the failure still gets its email.
        await notices.AddDigestAsync(db, connection.CompanyId, vendor, digest.Changes, ct);
        var fresh = await db.Connections.SingleAsync(c => c.Id == connection.Id, ct);
        if (ats is { Kind: AtsFailureKind.Auth })
        {
            fresh.State = ConnectionState.NeedsReauth;
            fresh.LastError = run.Error;
            fresh.Version = Guid.NewGuid();
            await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{vendor} needs to be reconnected",
                $"{vendor} no longer accepts the portal's credentials, so statuses are not read. Open ATS Integration and choose Reconnect; your mappings and history are kept.",
                "/integrations", Notifications.NotificationLevel.Error, sendEmail: true, ct);
        }
        else if (ats?.RetryAfter is { } retryAfter && retryAfter > AtsHttp.MaxInlineWait)
        {
            fresh.RateLimitedUntil = clock.GetUtcNow() + (retryAfter > PushWorker.MaxPause ? PushWorker.MaxPause : retryAfter);
            fresh.Version = Guid.NewGuid();
        }
        fresh.LastStatusPollAt = clock.GetUtcNow();
        fresh.LastStatusPollError = run.Error;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The connection changed meanwhile (a refresh): the run's record and the email still count; the pause or
            // reauth is found again by the next call.
            db.Entry(fresh).State = EntityState.Unchanged;
            await db.SaveChangesAsync(ct);
        }
        // Quartz runs on the wall clock: the worker wakes after the same delay once the pause ends.
        if (fresh.RateLimitedUntil is { } until && until > clock.GetUtcNow()) await scheduler.WakeAsync(connection.Id, ct, DateTimeOffset.UtcNow + (until - clock.GetUtcNow()));
    }
}
