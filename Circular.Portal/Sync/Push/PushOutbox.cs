using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Push;

/// <summary>
/// Writes push rows and their timeline into a context the caller saves, so the push is part of the same transaction as
/// the change that causes it (the stage move, the job link, the reconnect). It never saves and never calls out.
/// </summary>
public sealed class PushOutbox(TimeProvider clock)
{
    /// <summary>Adds the push for an application just moved to InterviewAccepted; null when it already has one.</summary>
    public async Task<CandidatePush?> EnqueueAsync(PortalDbContext db, Application application, CancellationToken ct)
    {
        if (await db.Set<CandidatePush>().AnyAsync(p => p.ApplicationId == application.Id, ct)) return null;
        var now = clock.GetUtcNow();
        var push = new CandidatePush
        {
            CompanyId = application.CompanyId,
            ApplicationId = application.Id,
            Marker = CandidatePush.MarkerFor(application.Id),
            QueuedAt = now,
            NextAttemptAt = now,
        };
        var target = await TargetAsync(db, application.JobId, ct);
        Aim(push, target);
        db.Add(push);
        AddEvent(db, push, PushEventKind.Queued, "Queued to go to the ATS: the candidate accepted the interview", now);
        if (push.State == PushState.Waiting) AddEvent(db, push, PushEventKind.Waiting, PushText.Waiting(push.WaitingReason!.Value, target.Vendor), now);
        return push;
    }

    /// <summary>
    /// Re-aims every push of a Circular job that has not gone out yet (the job was linked or relinked). Returns the
    /// connections whose worker should wake once the caller has saved.
    /// </summary>
    public async Task<IReadOnlyList<int>> ReaimForJobAsync(PortalDbContext db, int jobId, CancellationToken ct)
    {
        var pushes = await (from p in db.Set<CandidatePush>()
                            join a in db.Applications on p.ApplicationId equals a.Id
                            where a.JobId == jobId && (p.State == PushState.Waiting || p.State == PushState.Queued)
                            select p).ToListAsync(ct);
        if (pushes.Count == 0) return [];
        var target = await TargetAsync(db, jobId, ct);
        foreach (var push in pushes) Reaim(db, push, target);
        return pushes.Where(p => p.State == PushState.Queued && p.ConnectionId is not null).Select(p => p.ConnectionId!.Value).Distinct().ToList();
    }

    /// <summary>Re-aims the waiting pushes of a connection that came back (reconnected) or of its jobs whose health changed.</summary>
    public async Task<int> ReaimForConnectionAsync(PortalDbContext db, int connectionId, CancellationToken ct)
    {
        var companyId = await db.Connections.Where(c => c.Id == connectionId).Select(c => c.CompanyId).SingleAsync(ct);
        var pushes = await (from p in db.Set<CandidatePush>()
                            where p.CompanyId == companyId && (p.ConnectionId == connectionId || p.ConnectionId == null) && p.State == PushState.Waiting
                            select p).ToListAsync(ct);
        var released = 0;
        foreach (var group in await GroupByJobAsync(db, pushes, ct))
        {
            var target = await TargetAsync(db, group.Key, ct);
            foreach (var push in group.Value)
            {
                Reaim(db, push, target);
                if (push.State == PushState.Queued) released++;
            }
        }
        return released;
    }

    /// <summary>The connection lost its credentials: its queued pushes wait (they are not dead) until the reconnect.</summary>
    public async Task HoldForReauthAsync(PortalDbContext db, int connectionId, string vendor, CancellationToken ct)
    {
        var pushes = await db.Set<CandidatePush>().Where(p => p.ConnectionId == connectionId && p.State == PushState.Queued).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var push in pushes) Wait(db, push, PushWaitReason.NeedsReauth, vendor, now);
    }

    private async Task<Dictionary<int, List<CandidatePush>>> GroupByJobAsync(PortalDbContext db, List<CandidatePush> pushes, CancellationToken ct)
    {
        var ids = pushes.Select(p => p.ApplicationId).ToList();
        var jobs = await db.Applications.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.JobId }).ToDictionaryAsync(a => a.Id, a => a.JobId, ct);
        return pushes.GroupBy(p => jobs[p.ApplicationId]).ToDictionary(g => g.Key, g => g.ToList());
    }

    private void Reaim(PortalDbContext db, CandidatePush push, PushTarget target)
    {
        var before = (push.State, push.WaitingReason, push.AtsJobId);
        Aim(push, target);
        if ((push.State, push.WaitingReason, push.AtsJobId) == before) return;
        var now = clock.GetUtcNow();
        push.Version = Guid.NewGuid();
        if (push.State == PushState.Waiting)
        {
            AddEvent(db, push, PushEventKind.Waiting, PushText.Waiting(push.WaitingReason!.Value, target.Vendor), now);
        }
        else
        {
            push.NextAttemptAt = now;
            AddEvent(db, push, PushEventKind.Released, $"Released: going to \"{target.AtsJobTitle}\" in {target.Vendor}", now);
        }
    }

    private static void Aim(CandidatePush push, PushTarget target)
    {
        push.ConnectionId = target.ConnectionId ?? push.ConnectionId;
        push.AtsJobId = target.AtsJobId;
        if (target.WaitReason is { } reason)
        {
            push.State = PushState.Waiting;
            push.WaitingReason = reason;
        }
        else
        {
            push.State = PushState.Queued;
            push.WaitingReason = null;
        }
    }

    private void Wait(PortalDbContext db, CandidatePush push, PushWaitReason reason, string? vendor, DateTimeOffset now)
    {
        push.State = PushState.Waiting;
        push.WaitingReason = reason;
        push.LockedUntil = null;
        push.Version = Guid.NewGuid();
        AddEvent(db, push, PushEventKind.Waiting, PushText.Waiting(reason, vendor), now);
    }

    public static void AddEvent(PortalDbContext db, CandidatePush push, PushEventKind kind, string message, DateTimeOffset at, int? attempt = null, string? by = null) =>
        db.Add(new CandidatePushEvent
        {
            CompanyId = push.CompanyId,
            // Through the navigation, so a push added in the same SaveChanges gets its key fixed up.
            Push = push,
            ApplicationId = push.ApplicationId,
            Kind = kind,
            At = at,
            Message = message.Length > 2000 ? message[..2000] : message,
            Attempt = attempt,
            By = by,
        });

    /// <summary>Where a Circular job's candidates go now, or why they wait.</summary>
    public static async Task<PushTarget> TargetAsync(PortalDbContext db, int jobId, CancellationToken ct)
    {
        var link = await db.JobLinks.AsNoTracking().Include(l => l.AtsJob).SingleOrDefaultAsync(l => l.JobId == jobId, ct);
        if (link is null) return new PushTarget(null, null, null, null, null, PushWaitReason.NoLink);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == link.ConnectionId, ct);
        var vendor = connection?.Kind.ToString();
        var reason = connection is null || connection.State == ConnectionState.Disconnected ? PushWaitReason.NoConnection
            : connection.State == ConnectionState.NeedsReauth ? PushWaitReason.NeedsReauth
            : link.HoldsCandidates || link.AtsJob is null || link.AtsJob.MissingSince is not null || link.AtsJob.Status == Providers.AtsJobStatus.Closed
                ? PushWaitReason.LinkHoldsCandidates
                : (PushWaitReason?)null;
        return new PushTarget(link.ConnectionId, link.AtsJobId, link.AtsJob?.Title, link.AtsJob?.ExternalId, vendor, reason);
    }
}

/// <summary>Where a job's candidates go: the connection and ATS job, or the reason they wait.</summary>
public sealed record PushTarget(int? ConnectionId, int? AtsJobId, string? AtsJobTitle, string? AtsJobExternalId, string? Vendor, PushWaitReason? WaitReason);
