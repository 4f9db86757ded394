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

    /// <summary>Pairs linked per transaction by <see cref="LinkManyAsync"/>.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// Accepts many suggestions at once; each is refused alone if stale (the job got a link meanwhile) or unavailable, the
    /// rest go through. Per batch of <see cref="BatchSize"/>: three reads, one transaction with one save, and pushes are
    /// re-aimed only for the jobs that have some waiting. Should the batch's save fail (another admin linked one of its
    /// jobs between the read and the save), that batch is done again pair by pair, so only the changed job is refused.
    /// </summary>
    public async Task<int> LinkManyAsync(IEnumerable<(int JobId, int AtsJobId)> pairs, string by, CancellationToken ct)
    {
        var linked = 0;
        foreach (var batch in pairs.DistinctBy(p => p.JobId).Chunk(BatchSize))
        {
            var done = await TryLinkBatchAsync(batch, by, ct);
            if (done is { } count)
            {
                linked += count;
                continue;
            }
            foreach (var (jobId, atsJobId) in batch)
            {
                if ((await LinkAsync(jobId, atsJobId, null, LinkOrigin.Suggestion, by, ct)).Succeeded) linked++;
            }
        }
        return linked;
    }

    /// <summary>Links the batch in one transaction; null when its save failed and nothing of it was written.</summary>
    private async Task<int?> TryLinkBatchAsync(IReadOnlyCollection<(int JobId, int AtsJobId)> batch, string by, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var jobIds = batch.Select(p => p.JobId).ToList();
        var atsJobIds = batch.Select(p => p.AtsJobId).Distinct().ToList();
        var atsJobs = await db.AtsJobs.AsNoTracking().Where(a => atsJobIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var jobs = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
        var alreadyLinked = (await db.JobLinks.AsNoTracking().Where(l => jobIds.Contains(l.JobId)).Select(l => l.JobId).ToListAsync(ct)).ToHashSet();
        var linkedJobIds = new List<int>();
        foreach (var (jobId, atsJobId) in batch)
        {
            if (!jobs.TryGetValue(jobId, out var job) || !atsJobs.TryGetValue(atsJobId, out var atsJob)) continue;
            if (atsJob.MissingSince is not null || atsJob.Status == Providers.AtsJobStatus.Closed || alreadyLinked.Contains(jobId)) continue;
            var link = new JobLink
            {
                CompanyId = job.CompanyId, JobId = jobId, AtsJobId = atsJob.Id, ConnectionId = atsJob.ConnectionId, Origin = LinkOrigin.Suggestion,
                LinkedBy = by, TitleAtLink = atsJob.Title, VendorUpdatedAtLink = atsJob.VendorUpdatedAt, Version = Guid.NewGuid(),
            };
            link.MarkHealthy();
            db.JobLinks.Add(link);
            linkedJobIds.Add(jobId);
        }
        if (linkedJobIds.Count == 0) return 0;
        var wake = new List<int>();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var withPushes = await db.Applications.Where(a => linkedJobIds.Contains(a.JobId))
                .Where(a => db.Set<CandidatePush>().Any(p => p.ApplicationId == a.Id && (p.State == PushState.Waiting || p.State == PushState.Queued)))
                .Select(a => a.JobId).Distinct().ToListAsync(ct);
            foreach (var jobId in withPushes) wake.AddRange(await outbox.ReaimForJobAsync(db, jobId, ct));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            return null;
        }
        signals.Wake(wake.Distinct().ToList());
        return linkedJobIds.Count;
    }
}
