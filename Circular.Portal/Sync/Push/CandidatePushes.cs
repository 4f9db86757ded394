using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Push;

/// <summary>
/// What the pages ask of pushes: an application's timeline, the inbox chips, a card's counts, the dead letters with
/// Retry and Discard, and the dry-run "Check a push". Scoped to the signed-in company by the tenant filter.
/// </summary>
public sealed class CandidatePushes(
    IDbContextFactory<PortalDbContext> dbFactory,
    AtsProviders providers,
    PushPayloads payloads,
    ConnectionContexts contexts,
    SyncScheduler wake,
    TimeProvider clock,
    ILogger<CandidatePushes> log)
{
    /// <summary>The push of one application with its timeline (oldest first); null when it has none (not accepted yet).</summary>
    public async Task<PushTimelineView?> GetTimelineAsync(int applicationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var push = await db.Set<CandidatePush>().AsNoTracking().SingleOrDefaultAsync(p => p.ApplicationId == applicationId, ct);
        if (push is null) return null;
        var view = (await ViewsAsync(db, [push], ct)).Single();
        var events = await db.Set<CandidatePushEvent>().AsNoTracking()
            .Where(e => e.PushId == push.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new PushTimelineEntry(e.At, e.Kind, e.Message, e.Attempt, e.By)).ToListAsync(ct);
        return new PushTimelineView(view, events);
    }

    /// <summary>The chip of each listed application that has a push (applications without one are absent).</summary>
    public async Task<IReadOnlyDictionary<int, PushChip>> ChipsAsync(IReadOnlyCollection<int> applicationIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pushes = await db.Set<CandidatePush>().AsNoTracking().Where(p => applicationIds.Contains(p.ApplicationId)).ToListAsync(ct);
        var vendors = await VendorsAsync(db, pushes, ct);
        return pushes.ToDictionary(p => p.ApplicationId, p => PushText.Chip(p, Vendor(vendors, p.ConnectionId)));
    }

    /// <summary>Pending (queued, waiting, sending) and failed (dead-lettered) pushes of a connection, for its card.</summary>
    public async Task<PushCounts> CountsAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var states = await db.Set<CandidatePush>().AsNoTracking().Where(p => p.ConnectionId == connectionId)
            .GroupBy(p => p.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(params PushState[] s) => states.Where(x => s.Contains(x.Key)).Sum(x => x.Count);
        return new PushCounts(Count(PushState.Queued, PushState.Waiting, PushState.Sending), Count(PushState.DeadLettered));
    }

    /// <summary>
    /// A connection's pushes by filter, newest first, at most <paramref name="max"/>. Pushes still waiting for a job link
    /// have no connection yet; they are listed under every connection of the company as pending.
    /// </summary>
    public async Task<IReadOnlyList<PushView>> ListAsync(int connectionId, PushListFilter filter, CancellationToken ct, int max = 200)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<CandidatePush>().AsNoTracking()
            .Where(p => p.ConnectionId == connectionId || (p.ConnectionId == null && filter != PushListFilter.Sent && filter != PushListFilter.Failed));
        query = filter switch
        {
            PushListFilter.Pending => query.Where(p => p.State == PushState.Queued || p.State == PushState.Waiting || p.State == PushState.Sending),
            PushListFilter.Failed => query.Where(p => p.State == PushState.DeadLettered),
            PushListFilter.Sent => query.Where(p => p.State == PushState.Sent),
            _ => query,
        };
        var pushes = await query.OrderByDescending(p => p.QueuedAt).Take(Math.Clamp(max, 1, 200)).ToListAsync(ct);
        return await ViewsAsync(db, pushes, ct);
    }

    /// <summary>
    /// Sends a dead-lettered (or discarded) push again: attempts reset, the next attempt looks the marker up before
    /// creating anything. Records who and when.
    /// </summary>
    public async Task<PushActionResult> RetryAsync(long pushId, string by, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var push = await db.Set<CandidatePush>().SingleOrDefaultAsync(p => p.Id == pushId, ct);
        if (push is null) return new PushActionResult(PushActionOutcome.NotFound, "That push does not exist.");
        if (push.State is not (PushState.DeadLettered or PushState.Discarded))
        {
            return new PushActionResult(PushActionOutcome.NotAllowed, $"Only a failed or discarded push can be retried; this one is {push.State.ToString().ToLowerInvariant()}.");
        }
        var now = clock.GetUtcNow();
        var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == push.ApplicationId, ct);
        var target = await PushOutbox.TargetAsync(db, application.JobId, ct);
        push.Attempts = 0;
        push.LastError = null;
        push.LastStatusCode = null;
        push.LockedUntil = null;
        push.NextAttemptAt = now;
        push.RetriedBy = by;
        push.RetriedAt = now;
        push.ConnectionId = target.ConnectionId ?? push.ConnectionId;
        push.AtsJobId = target.AtsJobId;
        push.State = target.WaitReason is null ? PushState.Queued : PushState.Waiting;
        push.WaitingReason = target.WaitReason;
        push.Version = Guid.NewGuid();
        PushOutbox.AddEvent(db, push, PushEventKind.Retried, $"Retried by {by}", now, by: by);
        if (target.WaitReason is { } reason) PushOutbox.AddEvent(db, push, PushEventKind.Waiting, PushText.Waiting(reason, target.Vendor), now);
        if (!await TrySaveAsync(db, ct)) return new PushActionResult(PushActionOutcome.Stale, "The push changed a moment ago; reload and try again.");
        if (push.State == PushState.Queued && push.ConnectionId is { } connectionId) await wake.WakeAsync(connectionId, ct);
        log.LogInformation("Push {PushId} retried by an admin", pushId);
        return new PushActionResult(PushActionOutcome.Done, push.State == PushState.Queued ? "Queued again." : PushText.Waiting(push.WaitingReason!.Value, target.Vendor));
    }

    /// <summary>Gives a push up for good (audited): it is never sent unless retried.</summary>
    public async Task<PushActionResult> DiscardAsync(long pushId, string by, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var push = await db.Set<CandidatePush>().SingleOrDefaultAsync(p => p.Id == pushId, ct);
        if (push is null) return new PushActionResult(PushActionOutcome.NotFound, "That push does not exist.");
        var now = clock.GetUtcNow();
        if (push.State is PushState.Sent or PushState.Discarded
            || (push.State == PushState.Sending && push.LockedUntil > now))
        {
            return new PushActionResult(PushActionOutcome.NotAllowed, $"This push is {push.State.ToString().ToLowerInvariant()}; it cannot be discarded now.");
        }
        push.State = PushState.Discarded;
        push.WaitingReason = null;
        push.DiscardedBy = by;
        push.DiscardedAt = now;
        push.NextAttemptAt = null;
        push.Version = Guid.NewGuid();
        PushOutbox.AddEvent(db, push, PushEventKind.Discarded, $"Discarded by {by}", now, by: by);
        if (!await TrySaveAsync(db, ct)) return new PushActionResult(PushActionOutcome.Stale, "The push changed a moment ago; reload and try again.");
        log.LogInformation("Push {PushId} discarded by an admin", pushId);
        return new PushActionResult(PushActionOutcome.Done, "Discarded.");
    }

    /// <summary>
    /// "Check a push": what would be sent for this application through this connection, and what the vendor would refuse
    /// (missing email, closed job, missing permission). Reads at the vendor at most; never creates anything there.
    /// </summary>
    public async Task<PushPreview> PreviewAsync(int connectionId, int applicationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new InvalidOperationException("That connection does not exist.");
        var provider = providers.Get(connection.Kind);
        var vendor = provider.Traits.DisplayName;
        var application = await db.Applications.AsNoTracking().Include(a => a.Candidate).Include(a => a.Job)
            .SingleOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw new InvalidOperationException("That application does not exist.");
        var target = await PushOutbox.TargetAsync(db, application.JobId, ct);
        var problems = new List<string>();
        var notes = new List<string>();
        switch (target.WaitReason)
        {
            case PushWaitReason.NoLink: problems.Add($"\"{application.Job!.Title}\" is not mapped to an ATS job, so there is nowhere to send the candidate."); break;
            case PushWaitReason.LinkHoldsCandidates: problems.Add($"The ATS job \"{target.AtsJobTitle}\" is closed or deleted in {vendor}; {vendor} would refuse the candidate."); break;
            case PushWaitReason.NoConnection: problems.Add($"The job is mapped to an ATS that is not connected."); break;
            case PushWaitReason.NeedsReauth: problems.Add($"{vendor} no longer accepts the portal's credentials; reconnect first."); break;
        }
        if (target.ConnectionId is { } linked && linked != connectionId)
        {
            problems.Add($"\"{application.Job!.Title}\" is mapped to a job of another integration, so this connection would not send it.");
        }

        var payload = await payloads.BuildAsync(db, application, target.AtsJobExternalId ?? "", withContent: false, ct);
        if (string.IsNullOrWhiteSpace(payload.Email) || !payload.Email.Contains('@')) problems.Add($"The candidate has no valid email; {vendor} requires one.");
        if (string.IsNullOrWhiteSpace(payload.FirstName) && string.IsNullOrWhiteSpace(payload.LastName)) problems.Add($"The candidate has no name; {vendor} requires one.");
        if (application.Candidate!.Cv is null) notes.Add("No CV: the candidate goes without one.");
        if (string.IsNullOrWhiteSpace(payload.LinkedInUrl)) notes.Add("No LinkedIn profile to send.");

        if (connection.State is ConnectionState.Connected or ConnectionState.Syncing)
        {
            try
            {
                var context = await contexts.ForAsync(connectionId, ct);
                var account = await provider.VerifyAsync(context, ct);
                problems.AddRange(account.MissingPermissions.Select(p => $"Missing permission at {vendor}: {p}"));
            }
            catch (AtsException e)
            {
                problems.Add(e.Kind == AtsFailureKind.Auth ? $"{vendor} no longer accepts the portal's credentials; reconnect first." : $"{vendor} could not be checked: {e.Message}");
            }
        }
        else if (target.WaitReason is not PushWaitReason.NeedsReauth)
        {
            problems.Add($"The connection is {connection.State.ToString().ToLowerInvariant()}; pushes go out once it is connected.");
        }
        if (connection.RateLimitedUntil is { } until && until > clock.GetUtcNow()) notes.Add($"{vendor} asked us to wait until {PushText.Time(until)}; the push goes out after that.");

        var fields = new List<PushPreviewField>
        {
            new("First name", payload.FirstName), new("Last name", payload.LastName), new("Email", payload.Email),
            new("Phone", payload.Phone), new("LinkedIn", payload.LinkedInUrl), new("Job", target.AtsJobTitle),
        };
        return new PushPreview(vendor, application.Id, application.Candidate.FullName, target.AtsJobTitle, target.AtsJobExternalId,
            payload.Marker, AtsCandidatePush.Tag, AtsCandidatePush.Source, fields, application.Candidate.Cv?.FileName, application.Candidate.Cv?.SizeBytes,
            payload.Note, problems, notes);
    }

    private async Task<IReadOnlyList<PushView>> ViewsAsync(PortalDbContext db, IReadOnlyList<CandidatePush> pushes, CancellationToken ct)
    {
        var vendors = await VendorsAsync(db, pushes, ct);
        var limits = await db.Connections.AsNoTracking().Where(c => c.RateLimitedUntil != null).Select(c => new { c.Id, c.RateLimitedUntil }).ToListAsync(ct);
        var appIds = pushes.Select(p => p.ApplicationId).ToList();
        var names = await db.Applications.AsNoTracking().Where(a => appIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Candidate!.FirstName, a.Candidate.LastName }).ToDictionaryAsync(a => a.Id, a => $"{a.FirstName} {a.LastName}".Trim(), ct);
        var atsJobIds = pushes.Where(p => p.AtsJobId != null).Select(p => p.AtsJobId!.Value).Distinct().ToList();
        var titles = await db.AtsJobs.AsNoTracking().Where(j => atsJobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Title, ct);
        var now = clock.GetUtcNow();
        return pushes.Select(p =>
        {
            var vendor = Vendor(vendors, p.ConnectionId);
            var limit = limits.FirstOrDefault(l => l.Id == p.ConnectionId)?.RateLimitedUntil;
            return new PushView(p.Id, p.ApplicationId, p.ConnectionId, names.GetValueOrDefault(p.ApplicationId, ""), vendor,
                p.AtsJobId is { } j ? titles.GetValueOrDefault(j) : null, p.State, p.WaitingReason,
                PushText.Status(p, vendor, limit > now ? limit : null), p.Attempts, p.NextAttemptAt, p.LastError, p.VendorCandidateId,
                p.VendorRecordUrl, p.Result, new PushSteps(p.TagStep, p.SourceStep, p.CvStep, p.LinkedInStep, p.NoteStep),
                p.AttributionCheckedAt is { } at ? new PushAttribution(at, p.AttributionTag, p.AttributionSource, p.AttributionCv, p.AttributionLinkedIn, p.AttributionError) : null,
                p.QueuedAt, p.SentAt, p.DeadLetteredAt, p.RetriedBy, p.RetriedAt, p.DiscardedBy, p.DiscardedAt, p.Version);
        }).ToList();
    }

    private async Task<Dictionary<int, string>> VendorsAsync(PortalDbContext db, IReadOnlyList<CandidatePush> pushes, CancellationToken ct)
    {
        var ids = pushes.Where(p => p.ConnectionId != null).Select(p => p.ConnectionId!.Value).Distinct().ToList();
        var kinds = await db.Connections.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Kind }).ToListAsync(ct);
        return kinds.ToDictionary(k => k.Id, k => providers.Get(k.Kind).Traits.DisplayName);
    }

    private static string? Vendor(Dictionary<int, string> vendors, int? connectionId) =>
        connectionId is { } id && vendors.TryGetValue(id, out var name) ? name : "the ATS";

    private static async Task<bool> TrySaveAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
