using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Sync.Push;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Jobs;

public enum LinkOutcome { Linked, Unlinked, NotFound, Stale, Unavailable }

public sealed record LinkResult(LinkOutcome Outcome, string Message, Guid? Version = null)
{
    public bool Succeeded => Outcome is LinkOutcome.Linked or LinkOutcome.Unlinked;

    public static LinkResult Stale() => new(LinkOutcome.Stale, "This job's link was changed by someone else. The board now shows the current state; try again if you still want the change.");
}

/// <summary>
/// Links and unlinks Circular jobs and ATS jobs. Every change names the link version the admin saw (null for "no link"):
/// when it differs from what is stored, the change is refused as stale, never a silent overwrite. Pushes of the job that
/// have not gone out are re-aimed in the same transaction: a link releases those waiting for it, an unlink holds them.
/// </summary>
public sealed class JobLinker(IDbContextFactory<PortalDbContext> dbFactory, PushOutbox outbox, PushSignals signals)
{
    public async Task<LinkResult> LinkAsync(int jobId, int atsJobId, Guid? expectedVersion, LinkOrigin origin, string by, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync("JobLink.Link", $"Job {jobId}", ct);
        var atsJob = await db.AtsJobs.AsNoTracking().SingleOrDefaultAsync(a => a.Id == atsJobId, ct);
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (atsJob is null || job is null) return new LinkResult(LinkOutcome.NotFound, "That job does not exist any more.");
        if (atsJob.MissingSince is not null || atsJob.Status == Providers.AtsJobStatus.Closed)
        {
            return new LinkResult(LinkOutcome.Unavailable,
                $"\"{atsJob.Title}\" is {(atsJob.MissingSince is null ? "closed" : "no longer there")} in the ATS, so candidates could not go there. Pick an open job.");
        }
        var link = await db.JobLinks.SingleOrDefaultAsync(l => l.JobId == jobId, ct);
        if (link?.Version != expectedVersion) return LinkResult.Stale();
        if (link is null)
        {
            link = new JobLink { CompanyId = job.CompanyId, JobId = jobId, LinkedBy = by };
            db.JobLinks.Add(link);
        }
        link.AtsJobId = atsJob.Id;
        link.ConnectionId = atsJob.ConnectionId;
        link.Origin = origin;
        link.LinkedBy = by;
        link.TitleAtLink = atsJob.Title;
        link.VendorUpdatedAtLink = atsJob.VendorUpdatedAt;
        link.MarkHealthy();
        link.Version = Guid.NewGuid();
        IReadOnlyList<int> wake;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            wake = await outbox.ReaimForJobAsync(db, jobId, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Concurrency token mismatch, another admin created the link first (unique JobId), or a job went away meanwhile.
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            var bothThere = await check.AtsJobs.AnyAsync(a => a.Id == atsJobId, ct) && await check.Jobs.AnyAsync(j => j.Id == jobId, ct);
            return bothThere ? LinkResult.Stale() : new LinkResult(LinkOutcome.NotFound, "That job does not exist any more.");
        }
        signals.Wake(wake);
        return new LinkResult(LinkOutcome.Linked, $"\"{job.Title}\" is now mapped to \"{atsJob.Title}\".", link.Version);
    }

    public async Task<LinkResult> UnlinkAsync(int jobId, Guid expectedVersion, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync("JobLink.Unlink", $"Job {jobId}", ct);
        var link = await db.JobLinks.SingleOrDefaultAsync(l => l.JobId == jobId, ct);
        if (link is null || link.Version != expectedVersion) return LinkResult.Stale();
        db.JobLinks.Remove(link);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await outbox.ReaimForJobAsync(db, jobId, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return LinkResult.Stale();
        }
        return new LinkResult(LinkOutcome.Unlinked, "Unlinked.");
    }

    /// <summary>Accepts many suggestions at once; each is refused alone if stale, the rest go through.</summary>
    public async Task<int> LinkManyAsync(IEnumerable<(int JobId, int AtsJobId)> pairs, string by, CancellationToken ct)
    {
        var linked = 0;
        foreach (var (jobId, atsJobId) in pairs)
        {
            if ((await LinkAsync(jobId, atsJobId, null, LinkOrigin.Suggestion, by, ct)).Succeeded) linked++;
        }
        return linked;
    }
}
