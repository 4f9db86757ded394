using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Jobs;

public sealed record ImportPreview(int New, int AlreadyLinked, int Changed, int SkippedClosed, int SkippedDraft, IReadOnlyList<string> NewTitles)
{
    /// <summary>Open jobs listed only internally or confidential at the vendor, left out unless the admin includes them.</summary>
    public int SkippedInternal { get; init; }

    /// <summary>Titles of linked jobs changed in the ATS since they were imported or linked (the first 20).</summary>
    public IReadOnlyList<string> ChangedTitles { get; init; } = [];

    /// <summary>Titles of new ATS jobs for which a Circular job with the same title already exists (the first 20): importing makes a second one.</summary>
    public IReadOnlyList<string> SameTitleAsCircular { get; init; } = [];
}

public sealed record ImportResult(bool Succeeded, string Message, int Created = 0, int Updated = 0);

/// <summary>
/// One-click import of a connection's ATS jobs into Circular jobs, each linked to its source. Re-running creates
/// nothing new; a linked job whose ATS side changed since it was imported is offered as an update. The whole import is
/// one transaction: a failure half-way leaves no job and no link behind.
/// </summary>
public sealed class JobImporter(IDbContextFactory<PortalDbContext> dbFactory, DescriptionSanitizer sanitizer, TimeProvider clock)
{
    public const int BatchSize = 200;

    public Task<ImportPreview> PreviewAsync(int connectionId, bool includeDrafts, CancellationToken ct) =>
        PreviewAsync(connectionId, includeDrafts, includeInternal: false, ct);

    /// <param name="includeInternal">Also take open jobs listed only internally or confidential at the vendor.</param>
    public async Task<ImportPreview> PreviewAsync(int connectionId, bool includeDrafts, bool includeInternal, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await RowsAsync(db, connectionId, ct);
        var wanted = rows.Where(r => Wanted(r.Job, includeDrafts, includeInternal)).ToList();
        var newRows = wanted.Where(r => r.Link is null).ToList();
        var changed = wanted.Where(r => r.Link is not null && Changed(r.Job, r.Link)).ToList();
        // Circular jobs the company already has, by title: an import of an ATS job with the same title would make a second one.
        var titles = newRows.Select(r => r.Job.Title).Distinct().ToList();
        var existing = (await db.Jobs.AsNoTracking().Where(j => titles.Contains(j.Title)).Select(j => j.Title).ToListAsync(ct))
            .Select(t => t.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ImportPreview(
            New: newRows.Count,
            AlreadyLinked: wanted.Count(r => r.Link is not null && !Changed(r.Job, r.Link)),
            Changed: changed.Count,
            SkippedClosed: rows.Count(r => r.Job.Status == AtsJobStatus.Closed),
            SkippedDraft: includeDrafts ? 0 : rows.Count(r => r.Job.Status == AtsJobStatus.Draft),
            NewTitles: newRows.Select(r => r.Job.Title).OrderBy(t => t).Take(20).ToList())
        {
            SkippedInternal = includeInternal ? 0 : rows.Count(r => r.Job.Status == AtsJobStatus.Open && r.Job.Internal),
            ChangedTitles = changed.Select(r => r.Job.Title).OrderBy(t => t).Take(20).ToList(),
            SameTitleAsCircular = newRows.Select(r => r.Job.Title).Where(t => existing.Contains(t.Trim())).Distinct().OrderBy(t => t).Take(20).ToList(),
        };
    }

    public Task<ImportResult> ImportAsync(int connectionId, bool includeDrafts, bool applyUpdates, string by, IProgress<int>? progress, CancellationToken ct) =>
        ImportAsync(connectionId, includeDrafts, includeInternal: false, applyUpdates, by, progress, ct);

    /// <param name="progress">Told the number of ATS jobs handled so far, after each batch.</param>
    public async Task<ImportResult> ImportAsync(
        int connectionId, bool includeDrafts, bool includeInternal, bool applyUpdates, string by, IProgress<int>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync("Jobs.Import", $"AtsConnection {connectionId}", ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null) return new ImportResult(false, "That connection does not exist.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rows = await RowsAsync(db, connectionId, ct);
        int created = 0, updated = 0, handled = 0;
        foreach (var batch in rows.Where(r => Wanted(r.Job, includeDrafts, includeInternal)).Chunk(BatchSize))
        {
            var linkedJobIds = applyUpdates ? batch.Where(r => r.Link is not null && Changed(r.Job, r.Link)).Select(r => r.Link!.JobId).ToList() : [];
            var linkedJobs = await db.Jobs.Where(j => linkedJobIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
            // The links to update, read tracked: an untracked row attached again has no concurrency token on PostgreSQL
            // (xmin is a shadow property an untracked read does not keep), so its update would match no row.
            var changedLinkIds = applyUpdates ? batch.Where(r => r.Link is not null && Changed(r.Job, r.Link)).Select(r => r.Link!.Id).ToList() : [];
            var changedLinks = await db.JobLinks.Where(l => changedLinkIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
            foreach (var (atsJob, link) in batch)
            {
                if (link is null)
                {
                    var job = new Job { CompanyId = connection.CompanyId, Title = atsJob.Title };
                    Apply(job, atsJob);
                    job.Status = atsJob.Status == AtsJobStatus.Open ? JobStatus.Published : JobStatus.Draft;
                    job.PublishedAt = job.Status == JobStatus.Published ? clock.GetUtcNow() : null;
                    db.Jobs.Add(job);
                    db.JobLinks.Add(new JobLink
                    {
                        CompanyId = connection.CompanyId, Job = job, AtsJobId = atsJob.Id, ConnectionId = connectionId,
                        Origin = LinkOrigin.Import, LinkedBy = by, TitleAtLink = atsJob.Title, VendorUpdatedAtLink = atsJob.VendorUpdatedAt,
                    });
                    created++;
                }
                else if (applyUpdates && Changed(atsJob, link) && linkedJobs.TryGetValue(link.JobId, out var linkedJob)
                    && changedLinks.TryGetValue(link.Id, out var trackedLink))
                {
                    Apply(linkedJob, atsJob);
                    trackedLink.TitleAtLink = atsJob.Title;
                    trackedLink.VendorUpdatedAtLink = atsJob.VendorUpdatedAt;
                    if (trackedLink.Health == LinkHealth.RenamedInAts) trackedLink.MarkHealthy();
                    trackedLink.Version = Guid.NewGuid();
                    updated++;
                }
            }
            await db.SaveChangesAsync(ct);
            // Saved rows need no tracking: a tracker holding every earlier batch made each save scan them all again.
            db.ChangeTracker.Clear();
            handled += batch.Length;
            progress?.Report(handled);
        }
        await transaction.CommitAsync(ct);
        return new ImportResult(true, created + updated == 0
            ? "Nothing to import: every open ATS job is already linked and up to date."
            : $"Imported {created} new job{(created == 1 ? "" : "s")} and updated {updated}.", created, updated);
    }

    private static bool Wanted(AtsJob job, bool includeDrafts, bool includeInternal) =>
        (job.Status == AtsJobStatus.Open && (!job.Internal || includeInternal)) || (includeDrafts && job.Status == AtsJobStatus.Draft);

    private static bool Changed(AtsJob job, JobLink link) =>
        job.Title != link.TitleAtLink || job.VendorUpdatedAt != link.VendorUpdatedAtLink;

    private void Apply(Job job, AtsJob source)
    {
        job.Title = Limit(source.Title, 200);
        job.Location = Limit(source.Location ?? "", 200);
        job.Department = Limit(source.Department ?? "", 200);
        job.EmploymentType = EmploymentTypeFrom(source.EmploymentType);
        job.Description = Limit(sanitizer.Sanitize(source.DescriptionHtml), 20_000);
    }

    /// <summary>The vendor's words for the type, or null when it gave none or words the portal cannot read: unknown stays unknown.</summary>
    internal static EmploymentType? EmploymentTypeFrom(string? vendor)
    {
        var text = (vendor ?? "").Trim().ToLowerInvariant();
        if (text.Length == 0) return null;
        if (text.Contains("part")) return EmploymentType.PartTime;
        if (text.Contains("contract") || text.Contains("freelance") || text.Contains("consult")) return EmploymentType.Contract;
        if (text.Contains("temp")) return EmploymentType.Temporary;
        if (text.Contains("intern") || text.Contains("trainee")) return EmploymentType.Internship;
        if (text.Replace("-", "").Replace("_", "").Replace(" ", "").Contains("fulltime") || text.Contains("permanent")) return EmploymentType.FullTime;
        return null;
    }

    private static string Limit(string value, int max) => value.Length > max ? value[..max] : value;

    /// <summary>
    /// Each ATS job of the connection still present at the vendor, with the link that points at it (the import's own
    /// link first, else the newest). Two queries joined in memory: one account's jobs and links, a few thousand rows at most.
    /// </summary>
    private static async Task<List<ImportRow>> RowsAsync(PortalDbContext db, int connectionId, CancellationToken ct)
    {
        var jobs = await db.AtsJobs.AsNoTracking().Where(j => j.ConnectionId == connectionId && j.MissingSince == null)
            .OrderBy(j => j.Id).ToListAsync(ct);
        var links = (await db.JobLinks.AsNoTracking().Where(l => l.ConnectionId == connectionId).ToListAsync(ct))
            .GroupBy(l => l.AtsJobId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.Origin == LinkOrigin.Import).ThenByDescending(l => l.Id).First());
        return jobs.Select(j => new ImportRow(j, links.GetValueOrDefault(j.Id))).ToList();
    }

    private sealed record ImportRow(AtsJob Job, JobLink? Link);
}
