using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Push;

/// <summary>
/// Sends one connection's due pushes, run by the connection's Quartz worker (one run at a time per connection), a few in
/// flight at once through the connection's one rate gate. Each push is claimed with a lease (a crashed worker's lease
/// expires), sent with find-before-create by its marker, and committed;
/// failures back off with full jitter, pause the connection on a long rate limit, wait for a reconnect on auth errors,
/// or end as a dead letter with the vendor's words. A run does a bounded amount of work, then yields.
/// </summary>
public sealed class PushWorker(
    IDbContextFactory<PortalDbContext> dbFactory,
    ConnectionContexts contexts,
    AtsProviders providers,
    PushOutbox outbox,
    PushPayloads payloads,
    PushBackoff backoff,
    IFailpoints failpoints,
    Notifier notifier,
    SyncScheduler scheduler,
    SyncEvents events,
    TimeProvider clock,
    ILogger<PushWorker> log,
    NodeLocks nodeLocks,
    IConfiguration configuration)
{
    // On PostgreSQL each claimed push's node lock, held while it is sent: if this node dies, the lock dies with it and
    // another node takes the push over at once (see ClaimNextAsync).
    private readonly ConcurrentDictionary<long, IAsyncDisposable> _sending = new();

    // The people (by email) whose push this worker is sending now: a second push of the same person waits for the first.
    private readonly ConcurrentDictionary<string, long> _people = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a claim holds a push; a worker that dies leaves it to expire.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Pushes sent per run (all lanes together) before the worker yields to other connections and schedules itself again.</summary>
    public const int MaxPerRun = 40;

    /// <summary>The longest pause a vendor's Retry-After or rate-limit reset can impose on a connection.</summary>
    public static readonly TimeSpan MaxPause = Providers.AtsHttp.MaxPause;

    /// <summary>Identifies this process's claims.</summary>
    public static readonly string Instance = $"{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// Sends the connection's due pushes, up to <see cref="Parallelism"/> at once (each its own claim, all through the
    /// connection's one rate gate); returns how many were handled. Pushes of different candidates need no order; two pushes
    /// of the same person never go at once, since the vendor finds the person by email to add the second application.
    /// </summary>
    public async Task<int> RunAsync(int connectionId, CancellationToken ct)
    {
        var started = 0;
        var handled = 0;
        async Task LaneAsync()
        {
            while (!ct.IsCancellationRequested && Interlocked.Increment(ref started) <= MaxPerRun)
            {
                var claimed = await ClaimNextAsync(connectionId, ct);
                if (claimed is null) break;
                try
                {
                    await SendAsync(claimed.Value, ct);
                }
                finally
                {
                    await ReleaseSendingAsync(claimed.Value);
                }
                Interlocked.Increment(ref handled);
                await PublishAsync(connectionId, ct);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(_ => LaneAsync()));
        await ScheduleNextAsync(connectionId, ct);
        return handled;
    }

    /// <summary>
    /// <c>Sync:PushParallelismPerConnection</c> (default <see cref="DefaultParallelism"/>, 1 to 16): pushes of one connection
    /// in flight at once. One at a time, a run is bound by each push's round trips, not by the vendor's budget.
    /// </summary>
    public int Parallelism => Math.Clamp(configuration.GetValue("Sync:PushParallelismPerConnection", DefaultParallelism), 1, 16);

    public const int DefaultParallelism = 4;

    /// <summary>
    /// Takes the oldest due push of the connection: queued and due, or sending with an expired lease. The save is guarded by
    /// the row's version, so of two workers racing for it exactly one wins.
    /// </summary>
    public async Task<long?> ClaimNextAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || connection.RateLimitedUntil > now) return null;
        // On PostgreSQL a push still Sending under another node's unexpired lease is a candidate too: its node lock tells
        // whether that node is alive (several nodes share the database; a dead node's lock is free).
        var candidates = await DueWithPeople(db, connectionId, now, Parallelism + 4, shared: db.Database.IsNpgsql()).ToListAsync(ct);
        foreach (var (push, email) in candidates)
        {
            if (_sending.ContainsKey(push.Id)) continue; // another lane of this run holds it
            var person = string.IsNullOrWhiteSpace(email) ? $"push:{push.Id}" : email.Trim();
            if (!_people.TryAdd(person, push.Id)) continue; // the same person is being sent: after that push, not beside it
            var held = await nodeLocks.TryHoldAsync(NodeLocks.PushSpace, push.Id, ct);
            if (held is null)
            {
                _people.TryRemove(new KeyValuePair<string, long>(person, push.Id));
                continue; // another node is sending it
            }
            await using var claim = await db.TryLockRowAsync<CandidatePush>(push.Id, ct);
            if (claim is null)
            {
                _people.TryRemove(new KeyValuePair<string, long>(person, push.Id));
                await held.DisposeAsync();
                continue; // another node is claiming it right now
            }
            push.State = PushState.Sending;
            push.Attempts++;
            push.LockedUntil = now + Lease;
            push.LockedBy = Instance;
            push.FirstAttemptAt ??= now;
            push.Version = Guid.NewGuid();
            PushOutbox.AddEvent(db, push, PushEventKind.Sending, $"Sending (attempt {push.Attempts})", now, push.Attempts);
            try
            {
                await db.SaveChangesAsync(ct);
                await claim.CommitAsync(ct);
                _sending[push.Id] = held;
                return push.Id;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another worker claimed it first. Forget only this attempt's changes: the other candidates stay tracked.
                _people.TryRemove(new KeyValuePair<string, long>(person, push.Id));
                await held.DisposeAsync();
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
                    entry.State = EntityState.Detached;
            }
            catch
            {
                _people.TryRemove(new KeyValuePair<string, long>(person, push.Id));
                await held.DisposeAsync();
                throw;
            }
        }
        return null;
    }

    private async Task ReleaseSendingAsync(long pushId)
    {
        foreach (var person in _people.Where(p => p.Value == pushId).ToList()) _people.TryRemove(person);
        if (_sending.TryRemove(pushId, out var held)) await held.DisposeAsync();
    }

    /// <summary>The due pushes with their candidate's email (the person the vendor finds them by).</summary>
    private static IQueryable<DuePush> DueWithPeople(PortalDbContext db, int connectionId, DateTimeOffset now, int take, bool shared = false) =>
        from p in Due(db, connectionId, now, take, shared)
        join a in db.Applications on p.ApplicationId equals a.Id
        orderby p.NextAttemptAt
        select new DuePush(p, a.Candidate!.Email);

    private sealed record DuePush(CandidatePush Push, string? Email);

    private static IQueryable<CandidatePush> Due(PortalDbContext db, int connectionId, DateTimeOffset now, int take, bool shared = false) =>
        db.Set<CandidatePush>()
            .Where(p => p.ConnectionId == connectionId
                        && ((p.State == PushState.Queued && (p.NextAttemptAt == null || p.NextAttemptAt <= now))
                            || (p.State == PushState.Sending && (shared || p.LockedUntil == null || p.LockedUntil < now))))
            .OrderBy(p => p.NextAttemptAt).Take(take);

    /// <summary>
    /// Runs the worker's reads once against no connection, so the first accept after a start does not pay for compiling
    /// them (that alone took a second or more on a busy machine). Reads only; nothing is claimed or written.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        _ = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == -1, ct);
        _ = await DueWithPeople(db, -1, now, Parallelism + 4).ToListAsync(ct);
        _ = await db.Set<CandidatePush>().SingleOrDefaultAsync(p => p.Id == -1, ct);
        _ = await db.Applications.Include(a => a.Candidate).Include(a => a.Job).SingleOrDefaultAsync(a => a.Id == -1, ct);
        _ = await PushOutbox.TargetAsync(db, -1, ct);
        await ScheduleNextAsync(-1, ct);
    }

    /// <summary>Sends one claimed push and records the outcome.</summary>
    public async Task SendAsync(long pushId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var push = await db.Set<CandidatePush>().SingleAsync(p => p.Id == pushId, ct);
        var connection = await db.Connections.SingleAsync(c => c.Id == push.ConnectionId, ct);
        var provider = providers.Get(connection.Kind);
        var vendor = provider.Traits.DisplayName;
        var now = clock.GetUtcNow();

        var application = await db.Applications.Include(a => a.Candidate).Include(a => a.Job).SingleAsync(a => a.Id == push.ApplicationId, ct);
        var target = await PushOutbox.TargetAsync(db, application.JobId, ct);
        if (target.WaitReason is { } reason || target.ConnectionId != connection.Id)
        {
            // The link or connection changed since it was queued: re-aim instead of sending to a stale target.
            push.LockedUntil = null;
            push.Attempts--;
            push.State = target.WaitReason is null ? PushState.Queued : PushState.Waiting;
            push.WaitingReason = target.WaitReason;
            push.ConnectionId = target.ConnectionId ?? push.ConnectionId;
            push.AtsJobId = target.AtsJobId;
            push.NextAttemptAt = now;
            push.Version = Guid.NewGuid();
            PushOutbox.AddEvent(db, push, target.WaitReason is null ? PushEventKind.Released : PushEventKind.Waiting,
                target.WaitReason is { } r ? PushText.Waiting(r, target.Vendor) : $"Re-aimed at \"{target.AtsJobTitle}\"", now);
            await db.SaveChangesAsync(ct);
            return;
        }

        AtsPushResult result;
        AtsCandidatePush payload;
        AtsConnectionContext context;
        try
        {
            payload = await payloads.BuildAsync(db, application, target.AtsJobExternalId!, withContent: true, ct, push.Id) with
            {
                CvDelivered = () => failpoints.Hit(FailpointNames.AfterCvUploadBeforeCommit),
            };
            context = await contexts.ForAsync(connection.Id, ct);
            failpoints.Hit(FailpointNames.BeforeAtsCreate);
            result = await PushWithRefreshAsync(provider, connection.Id, context, payload, ct);
            failpoints.Hit(FailpointNames.AfterAtsCreateBeforeCommit);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            await FailAsync(db, push, connection, vendor, application, e, ct);
            return;
        }

        now = clock.GetUtcNow();
        push.State = PushState.Sent;
        push.SentAt = now;
        // A created candidate proves the credentials may write (verification only reads): the card stops saying otherwise.
        connection.WriteConfirmedAt ??= now;
        push.LockedUntil = null;
        push.NextAttemptAt = null;
        push.LastError = null;
        push.LastStatusCode = null;
        push.WaitingReason = null;
        push.VendorCandidateId = result.CandidateId;
        push.VendorApplicationId = result.ApplicationId;
        push.VendorRecordUrl = result.RecordUrl;
        push.Result = (PushResultKind)(int)result.Outcome;
        push.TagStep = (PushStepOutcome)(int)result.Steps.Tag;
        push.SourceStep = (PushStepOutcome)(int)result.Steps.Source;
        push.CvStep = (PushStepOutcome)(int)result.Steps.Cv;
        push.LinkedInStep = (PushStepOutcome)(int)result.Steps.LinkedIn;
        push.NoteStep = (PushStepOutcome)(int)result.Steps.Note;
        push.Version = Guid.NewGuid();
        PushOutbox.AddEvent(db, push, PushEventKind.Sent, PushText.Sent(push.Result.Value, vendor, application.Candidate!.FullName), now, push.Attempts);
        connection.LastUsedAt = now;
        connection.Version = Guid.NewGuid();
        await SaveIgnoringConnectionRaceAsync(db, connection, ct);
        log.LogInformation("Push {PushId} sent to {Vendor} as candidate {CandidateId} ({Outcome})", push.Id, vendor, result.CandidateId, result.Outcome);

        if (result.Outcome != AtsPushOutcome.AlreadyInAtsNotOurs) await CheckAttributionAsync(db, push, provider, context, payload, result, ct);
    }

    private async Task<AtsPushResult> PushWithRefreshAsync(IAtsProvider provider, int connectionId, AtsConnectionContext context, AtsCandidatePush payload, CancellationToken ct)
    {
        try
        {
            return await provider.PushCandidateAsync(context, payload, ct);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Auth && e.StatusCode == 401 && provider.OAuth is not null)
        {
            // An access token can be revoked before its expiry: refresh once, then the marker lookup makes the retry safe.
            await contexts.RefreshAsync(connectionId, force: true, ct);
            return await provider.PushCandidateAsync(await contexts.ForAsync(connectionId, ct), payload, ct);
        }
    }

    private async Task CheckAttributionAsync(PortalDbContext db, CandidatePush push, IAtsProvider provider, AtsConnectionContext context,
        AtsCandidatePush payload, AtsPushResult result, CancellationToken ct)
    {
        try
        {
            var read = await provider.ReadBackAsync(context, payload, result, ct);
            push.AttributionCheckedAt = clock.GetUtcNow();
            if (read is null)
            {
                push.AttributionError = $"{provider.Traits.DisplayName}'s API does not show this; not checked.";
            }
            else
            {
                push.AttributionTag = read.Tag;
                push.AttributionSource = read.Source;
                push.AttributionCv = payload.Cv is null ? null : read.Cv;
                push.AttributionLinkedIn = string.IsNullOrWhiteSpace(payload.LinkedInUrl) ? null : read.LinkedIn;
                push.AttributionError = null;
            }
        }
        catch (AtsException e)
        {
            push.AttributionCheckedAt = clock.GetUtcNow();
            push.AttributionError = $"Could not read the candidate back: {e.Message}";
        }
        var attribution = new PushAttribution(push.AttributionCheckedAt!.Value, push.AttributionTag, push.AttributionSource, push.AttributionCv, push.AttributionLinkedIn, push.AttributionError);
        var message = attribution.Error is { } error ? $"Attribution not checked: {error}"
            : attribution.Complete ? "Attribution checked: tag Circular ✓, source ✓" + (push.AttributionCv is null ? "" : ", CV ✓") + (push.AttributionLinkedIn is null ? "" : ", LinkedIn ✓")
            : $"Attribution checked: missing {string.Join(", ", attribution.Missing)}";
        PushOutbox.AddEvent(db, push, PushEventKind.AttributionChecked, message, push.AttributionCheckedAt.Value);
        push.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
    }

    private async Task FailAsync(PortalDbContext db, CandidatePush push, AtsConnection connection, string vendor, Application application, Exception e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ats = e as AtsException;
        var kind = ats?.Kind ?? AtsFailureKind.Transient;
        var message = ats?.Message ?? "An unexpected error stopped this attempt; it will be retried.";
        if (ats is null) log.LogError(e, "Push {PushId} failed unexpectedly", push.Id);
        else log.LogWarning("Push {PushId} to {Vendor} failed: {Failure} {Status}", push.Id, vendor, ats.Kind, ats.StatusCode);

        push.LastError = message;
        push.LastStatusCode = ats?.StatusCode;
        push.LockedUntil = null;
        push.Version = Guid.NewGuid();
        var deadLetter = kind is AtsFailureKind.Permanent or AtsFailureKind.Permission
                         || (kind == AtsFailureKind.Transient && push.Attempts >= PushBackoff.MaxAttempts);
        if (kind == AtsFailureKind.Auth)
        {
            connection.State = ConnectionState.NeedsReauth;
            connection.LastError = message;
            connection.Version = Guid.NewGuid();
            push.State = PushState.Queued;
            push.Attempts--;
            await outbox.HoldForReauthAsync(db, connection.Id, vendor, ct);
            PushOutbox.AddEvent(db, push, PushEventKind.AttemptFailed, message, now, push.Attempts + 1);
            await SaveIgnoringConnectionRaceAsync(db, connection, ct);
            await notifier.NotifyAdminsAsync(connection.CompanyId, $"{vendor} needs to be reconnected",
                $"{vendor} no longer accepts the portal's credentials, so candidates wait to be sent. Open ATS Integration and choose Reconnect; waiting candidates go out then.",
                "/integrations", NotificationLevel.Error, sendEmail: true, ct);
            return;
        }
        if (deadLetter)
        {
            push.State = PushState.DeadLettered;
            push.DeadLetteredAt = now;
            push.NextAttemptAt = null;
            PushOutbox.AddEvent(db, push, PushEventKind.DeadLettered, $"Failed: {message}", now, push.Attempts);
            // The admins' notice (and its email) is written in the same save as the dead letter.
            await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{application.Candidate!.FullName} could not be sent to {vendor}",
                $"{vendor} refused {application.Candidate.FullName} for \"{application.Job!.Title}\": {message} Open the candidate to retry or discard.",
                $"/candidates/{application.CandidateId}", NotificationLevel.Error, sendEmail: true, ct);
            await db.SaveChangesAsync(ct);
            return;
        }

        var delay = backoff.Delay(push.Attempts, ats?.RetryAfter);
        push.State = PushState.Queued;
        push.NextAttemptAt = now + delay;
        if (ats?.RetryAfter is { } retryAfter && retryAfter > Providers.AtsHttp.MaxInlineWait)
        {
            var until = now + (retryAfter > MaxPause ? MaxPause : retryAfter);
            connection.RateLimitedUntil = until;
            connection.Version = Guid.NewGuid();
            PushOutbox.AddEvent(db, push, PushEventKind.RateLimited, $"{vendor} asked us to wait until {PushText.Time(until)}", now, push.Attempts);
        }
        PushOutbox.AddEvent(db, push, PushEventKind.AttemptFailed,
            $"Attempt {push.Attempts} failed: {message} Next try at {PushText.Time(push.NextAttemptAt.Value)}", now, push.Attempts);
        await SaveIgnoringConnectionRaceAsync(db, connection, ct);
    }

    /// <summary>
    /// The connection row is shared with token refresh, sync and the other pushes in flight; a stale copy must not block the
    /// push's own record. What this push meant to change on the connection is applied again over the fresh row.
    /// </summary>
    private static async Task SaveIgnoringConnectionRaceAsync(PortalDbContext db, AtsConnection connection, CancellationToken ct)
    {
        var wanted = (connection.State, connection.LastError, connection.RateLimitedUntil, connection.LastUsedAt, connection.WriteConfirmedAt);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 8 && e.Entries.All(x => x.Entity is AtsConnection))
            {
                await db.Entry(connection).ReloadAsync(ct);
                if (wanted.State == ConnectionState.NeedsReauth) { connection.State = wanted.State; connection.LastError = wanted.LastError; }
                if (wanted.RateLimitedUntil > connection.RateLimitedUntil || connection.RateLimitedUntil is null) connection.RateLimitedUntil = wanted.RateLimitedUntil;
                if (wanted.LastUsedAt > connection.LastUsedAt || connection.LastUsedAt is null) connection.LastUsedAt = wanted.LastUsedAt;
                connection.WriteConfirmedAt ??= wanted.WriteConfirmedAt;
                connection.Version = Guid.NewGuid();
            }
        }
    }

    /// <summary>The company's open candidate pages, inbox chips and integration cards follow the push live.</summary>
    private async Task PublishAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var companyId = await db.Connections.Where(c => c.Id == connectionId).Select(c => (int?)c.CompanyId).SingleOrDefaultAsync(ct);
        if (companyId is { } id) await events.PublishAsync(id);
    }

    /// <summary>More due work: run again at once (after yielding); later work: wake at the earliest next attempt or pause end.</summary>
    private async Task ScheduleNextAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var next = await db.Set<CandidatePush>().Where(p => p.ConnectionId == connectionId && p.State == PushState.Queued && p.NextAttemptAt != null)
            .OrderBy(p => p.NextAttemptAt).Select(p => p.NextAttemptAt).FirstOrDefaultAsync(ct);
        if (next is null) return;
        var pause = await db.Connections.Where(c => c.Id == connectionId).Select(c => c.RateLimitedUntil).SingleOrDefaultAsync(ct);
        var at = pause > next ? pause.Value : next.Value;
        await scheduler.WakeAsync(connectionId, ct, at <= clock.GetUtcNow() ? null : at);
    }
}
