using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Status;

/// <summary>
/// Processes a connection's stored webhook events, run by the connection's worker (woken at once when the receiver stores
/// one). Due rows are claimed with a lease (a crashed worker's lease expires and another run takes them), matched to the
/// pushes Circular made (by the vendor's application id, else by its candidate: Recruitee's events carry no placement),
/// and the vendor is asked again what those applications' statuses are now: the event is only a hint. What it says is
/// applied with <see cref="StatusApplier.FromWebhook"/>; a failure backs off with full jitter and is tried again.
/// </summary>
public sealed class WebhookInbox(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConnectionContexts contexts,
    AtsProviders providers,
    StatusApplier applier,
    StatusNotices notices,
    Notifications.Notifier notifier,
    SyncScheduler scheduler,
    SyncEvents events,
    TimeProvider clock,
    ILogger<WebhookInbox> log,
    Random? random = null)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan BackoffCap = TimeSpan.FromMinutes(30);

    /// <summary>After this many failed attempts an event is set aside with its error (the next poll still reads the status).</summary>
    public const int MaxAttempts = 10;

    /// <summary>Events claimed in one run; the worker comes back for more.</summary>
    public const int MaxPerRun = 50;

    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Claims and processes the connection's due events; returns how many were claimed.</summary>
    public async Task<int> RunAsync(int connectionId, CancellationToken ct)
    {
        var claimed = await ClaimAsync(connectionId, ct);
        if (claimed.Count > 0)
        {
            await ProcessAsync(connectionId, claimed, ct);
            // Open candidate pages and the integration card follow what was applied.
            if (await CompanyOfAsync(connectionId, ct) is { } companyId) await events.PublishAsync(companyId);
        }
        await ScheduleNextAsync(connectionId, ct);
        return claimed.Count;
    }

    /// <summary>
    /// Takes up to <see cref="MaxPerRun"/> due events: unprocessed, past their backoff, and not held by a live lease. Each
    /// claim is one conditional update, so of two workers racing for a row exactly one gets it.
    /// </summary>
    public async Task<List<long>> ClaimAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || connection.State is not (ConnectionState.Connected or ConnectionState.Syncing) || connection.RateLimitedUntil > now) return [];
        var due = await Due(db, connectionId, now).OrderBy(w => w.Id).Select(w => w.Id).Take(MaxPerRun).ToListAsync(ct);
        var claimed = new List<long>();
        foreach (var id in due)
        {
            var won = await Due(db, connectionId, now).Where(w => w.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(w => w.LockedUntil, now + Lease)
                .SetProperty(w => w.Attempts, w => w.Attempts + 1), ct);
            if (won == 1) claimed.Add(id);
        }
        return claimed;
    }

    private static IQueryable<WebhookDelivery> Due(PortalDbContext db, int connectionId, DateTimeOffset now) =>
        db.Set<WebhookDelivery>().Where(w => w.ConnectionId == connectionId && w.ProcessedAt == null
                                             && (w.NextAttemptAt == null || w.NextAttemptAt <= now)
                                             && (w.LockedUntil == null || w.LockedUntil < now));

    /// <summary>Re-reads the vendor for the claimed events' applications and applies what it says, as one run (one email).</summary>
    public async Task ProcessAsync(int connectionId, IReadOnlyList<long> claimed, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId, ct);
        var provider = providers.Get(connection.Kind);
        var vendor = provider.Traits.DisplayName;
        var rows = await db.Set<WebhookDelivery>().Where(w => claimed.Contains(w.Id)).ToListAsync(ct);
        var tracked = await StatusPoller.TrackedAsync(db, connectionId, ct);
        var allPushed = await db.Set<CandidatePush>().AsNoTracking()
            .Where(p => p.ConnectionId == connectionId && p.VendorCandidateId != null)
            .Select(p => new { p.VendorCandidateId, p.VendorApplicationId }).ToListAsync(ct);

        var refs = new List<AtsApplicationRef>();
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            // By the application first; Recruitee (and candidate-level events) name only the candidate: all its pushes here.
            var matches = tracked.Where(t => row.ApplicationId is { } app && string.Equals(t.ApplicationId, app, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0) matches = tracked.Where(t => row.CandidateId is { } c && string.Equals(t.CandidateId, c, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                // Not a candidate Circular pushed (or one whose application is already final here): nothing to read.
                var ours = allPushed.Any(p => (row.ApplicationId is { } a && p.VendorApplicationId == a) || (row.CandidateId is { } c && p.VendorCandidateId == c));
                Done(row, now, ours ? null : "Not a candidate Circular sent over this connection; nothing to apply.");
                continue;
            }
            refs.AddRange(matches);
        }
        if (refs.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var digest = new StatusDigest();
        try
        {
            var observations = await ReadAsync(provider, connectionId, refs.Distinct().ToList(), ct);
            await applier.ApplyAsync(connectionId, observations, StatusApplier.FromWebhook, ct, digest);
            now = clock.GetUtcNow();
            foreach (var row in rows.Where(r => r.ProcessedAt is null)) Done(row, now, null);
            await notices.AddDigestAsync(db, connection.CompanyId, vendor, digest.Changes, ct);
            await db.SaveChangesAsync(ct);
            log.LogInformation("Processed {Count} {Vendor} webhook events of connection {ConnectionId}", rows.Count, vendor, connectionId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailAsync(db, connection, vendor, rows, digest, e, ct);
        }
    }

    private static void Done(WebhookDelivery row, DateTimeOffset now, string? note)
    {
        row.ProcessedAt = now;
        row.LockedUntil = null;
        row.NextAttemptAt = null;
        row.LastError = note;
    }

    private async Task<IReadOnlyList<AtsStatusChange>> ReadAsync(IAtsProvider provider, int connectionId, IReadOnlyList<AtsApplicationRef> refs, CancellationToken ct)
    {
        try
        {
            return await provider.ReadStatusesAsync(await contexts.ForAsync(connectionId, ct), refs, ct);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Auth && e.StatusCode == 401 && provider.OAuth is not null)
        {
            await contexts.RefreshAsync(connectionId, force: true, ct);
            return await provider.ReadStatusesAsync(await contexts.ForAsync(connectionId, ct), refs, ct);
        }
    }

    private async Task FailAsync(PortalDbContext db, AtsConnection connection, string vendor, List<WebhookDelivery> rows, StatusDigest digest, Exception e, CancellationToken ct)
    {
        var ats = e as AtsException;
        var message = ats?.Message ?? "An unexpected error stopped processing this event; it will be retried.";
        if (ats is null) log.LogError(e, "Webhook events of connection {ConnectionId} could not be processed", connection.Id);
        else log.LogWarning("Webhook events of connection {ConnectionId} could not be processed: {Failure} {Status}", connection.Id, ats.Kind, ats.StatusCode);
        var now = clock.GetUtcNow();
        var auth = ats?.Kind == AtsFailureKind.Auth;
        var pauseUntil = ats?.RetryAfter is { } after && after > AtsHttp.MaxInlineWait ? now + (after > PushWorker.MaxPause ? PushWorker.MaxPause : after) : (DateTimeOffset?)null;
        foreach (var row in rows.Where(r => r.ProcessedAt is null))
        {
            row.LockedUntil = null;
            row.LastError = message.Length > 1000 ? message[..1000] : message;
            if (auth)
            {
                // Not the event's fault: it waits for the reconnect without using up its attempts.
                row.Attempts--;
                row.NextAttemptAt = null;
            }
            else if (row.Attempts >= MaxAttempts)
            {
                var note = $"Given up after {row.Attempts} attempts: {message}";
                Done(row, now, note.Length > 1000 ? note[..1000] : note);
            }
            else
            {
                var delay = RetryBackoff.FullJitter(row.Attempts, BackoffBase, BackoffCap, _random);
                row.NextAttemptAt = now + (ats?.RetryAfter is { } retry && retry > delay ? retry : delay);
            }
        }
        await notices.AddDigestAsync(db, connection.CompanyId, vendor, digest.Changes, ct);
        if (auth || pauseUntil is not null)
        {
            var fresh = await db.Connections.SingleAsync(c => c.Id == connection.Id, ct);
            if (auth && fresh.State != ConnectionState.NeedsReauth)
            {
                fresh.State = ConnectionState.NeedsReauth;
                fresh.LastError = message;
                await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{vendor} needs to be reconnected",
                    $"{vendor} no longer accepts the portal's credentials, so statuses are not read. Open ATS Integration and choose Reconnect; your mappings and history are kept.",
                    "/integrations", Notifications.NotificationLevel.Error, sendEmail: true, ct);
            }
            if (pauseUntil > fresh.RateLimitedUntil || (pauseUntil is not null && fresh.RateLimitedUntil is null)) fresh.RateLimitedUntil = pauseUntil;
            fresh.Version = Guid.NewGuid();
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<int?> CompanyOfAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Connections.Where(c => c.Id == connectionId).Select(c => (int?)c.CompanyId).SingleOrDefaultAsync(ct);
    }

    /// <summary>Events waiting for their backoff (or a pause) wake the worker when they are due.</summary>
    private async Task ScheduleNextAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var pending = db.Set<WebhookDelivery>().Where(w => w.ConnectionId == connectionId && w.ProcessedAt == null);
        if (!await pending.AnyAsync(ct)) return;
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || connection.State is not (ConnectionState.Connected or ConnectionState.Syncing)) return;
        var nextAttempt = await pending.Where(w => w.NextAttemptAt != null).OrderBy(w => w.NextAttemptAt).Select(w => w.NextAttemptAt).FirstOrDefaultAsync(ct);
        // A claim held by a worker that died is taken again when its lease ends.
        var leaseEnd = await pending.Where(w => w.LockedUntil != null).OrderBy(w => w.LockedUntil).Select(w => w.LockedUntil).FirstOrDefaultAsync(ct);
        var dueNow = await Due(db, connectionId, now).AnyAsync(ct);
        DateTimeOffset? at = dueNow ? now : new[] { nextAttempt, leaseEnd }.Where(t => t is not null).Min();
        if (connection.RateLimitedUntil > at) at = connection.RateLimitedUntil;
        if (at is null) return;
        // Quartz runs on the wall clock: wake after the same delay, so an injected clock cannot make it fire early (and loop).
        await scheduler.WakeAsync(connectionId, ct, at <= now ? null : DateTimeOffset.UtcNow + (at.Value - now));
    }
}
