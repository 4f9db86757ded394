using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Jobs;

public enum MappedFilter { All, Unmapped, Mapped }

/// <summary>
/// What the Circular side of the board shows. A null <see cref="Status"/> means published and draft: a closed Circular
/// job takes no candidates, so it has nothing to map.
/// </summary>
public sealed record CircularJobFilter(string? Search = null, JobStatus? Status = null, string? Department = null, MappedFilter Mapped = MappedFilter.All);

/// <summary>What the ATS side shows. A null <see cref="Status"/> means open and draft; jobs deleted at the vendor never show.</summary>
public sealed record AtsJobFilter(string? Search = null, AtsJobStatus? Status = null, string? Department = null, MappedFilter Mapped = MappedFilter.All);

/// <summary>The link of a Circular job as the board shows it; <see cref="Version"/> is what a change must name.</summary>
public sealed record BoardLink(Guid Version, int AtsJobId, string AtsTitle, int ConnectionId, LinkHealth Health, string? HealthNotice)
{
    /// <summary>As <see cref="JobLink.HoldsCandidates"/>.</summary>
    public bool HoldsCandidates => Health is LinkHealth.ClosedInAts or LinkHealth.DeletedInAts;
}

public sealed record CircularJobRow(int Id, string Title, string Location, string Department, JobStatus Status, BoardLink? Link);

/// <param name="VendorState">The vendor's own word for the state ("internal", "closed, confidential"…), shown on the board.</param>
public sealed record AtsJobRow(int Id, string Title, string? Location, string? Department, AtsJobStatus Status, int LinkedJobs, string? VendorState = null, bool Internal = false);

/// <summary>An entry of the keyboard path's selects. For a Circular job, the link version seen when it was picked.</summary>
/// <param name="LinkedConnectionId">The connection of the ATS job it is linked to now, so a move to another ATS can be named first.</param>
public sealed record BoardPick(int Id, string Title, string? Location, string Label, Guid? LinkVersion = null, string? LinkedTo = null, int? LinkedConnectionId = null);

/// <summary>
/// The mapping board's reads, all filtered, sorted and paged in SQL so both sides stay quick with thousands of jobs.
/// Each takes a short-lived context from the caller (the board, the benchmark, the tests).
/// </summary>
public static class MappingBoardQueries
{
    public const int PickLimit = 20;

    public static async Task<(List<CircularJobRow> Rows, int Total)> CircularJobsAsync(
        PortalDbContext db, CircularJobFilter filter, int skip, int take, CancellationToken ct)
    {
        var jobs = db.Jobs.AsNoTracking();
        jobs = filter.Status is { } status ? jobs.Where(j => j.Status == status) : jobs.Where(j => j.Status != JobStatus.Closed);
        if (Pattern(filter.Search) is { } pattern)
            jobs = jobs.Where(j => j.Title!.ToLower().Contains(pattern) || j.Location!.ToLower().Contains(pattern));
        if (!string.IsNullOrWhiteSpace(filter.Department)) jobs = jobs.Where(j => j.Department == filter.Department);
        if (filter.Mapped == MappedFilter.Mapped) jobs = jobs.Where(j => db.JobLinks.Any(l => l.JobId == j.Id));
        if (filter.Mapped == MappedFilter.Unmapped) jobs = jobs.Where(j => !db.JobLinks.Any(l => l.JobId == j.Id));

        var total = await jobs.CountAsync(ct);
        var page = from job in jobs.OrderBy(j => j.Title).ThenBy(j => j.Id).Skip(skip).Take(take)
                   join l in db.JobLinks.AsNoTracking() on job.Id equals l.JobId into links
                   from link in links.DefaultIfEmpty()
                   join a in db.AtsJobs.AsNoTracking() on link!.AtsJobId equals a.Id into atsJobs
                   from ats in atsJobs.DefaultIfEmpty()
                   orderby job.Title, job.Id
                   select new CircularJobRow(job.Id, job.Title, job.Location, job.Department, job.Status,
                       link == null ? null : new BoardLink(link.Version, link.AtsJobId, ats!.Title, link.ConnectionId, link.Health, link.HealthNotice));
        return (await page.ToListAsync(ct), total);
    }

    public static async Task<(List<AtsJobRow> Rows, int Total)> AtsJobsAsync(
        PortalDbContext db, int connectionId, AtsJobFilter filter, int skip, int take, CancellationToken ct)
    {
        var jobs = db.AtsJobs.AsNoTracking().Where(a => a.ConnectionId == connectionId && a.MissingSince == null);
        jobs = filter.Status is { } status ? jobs.Where(a => a.Status == status) : jobs.Where(a => a.Status != AtsJobStatus.Closed);
        if (Pattern(filter.Search) is { } pattern)
            jobs = jobs.Where(a => a.Title!.ToLower().Contains(pattern) || a.Location!.ToLower().Contains(pattern));
        if (!string.IsNullOrWhiteSpace(filter.Department)) jobs = jobs.Where(a => a.Department == filter.Department);
        if (filter.Mapped == MappedFilter.Mapped) jobs = jobs.Where(a => db.JobLinks.Any(l => l.AtsJobId == a.Id));
        if (filter.Mapped == MappedFilter.Unmapped) jobs = jobs.Where(a => !db.JobLinks.Any(l => l.AtsJobId == a.Id));

        var total = await jobs.CountAsync(ct);
        var rows = await jobs.OrderBy(a => a.Title).ThenBy(a => a.Id).Skip(skip).Take(take)
            .Select(a => new AtsJobRow(a.Id, a.Title, a.Location, a.Department, a.Status, db.JobLinks.Count(l => l.AtsJobId == a.Id), a.VendorState, a.Internal))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The ATS jobs suggestions may point at: open or draft, still at the vendor. Id, title and location only.</summary>
    public static Task<List<MatchCandidate>> SuggestionTargetsAsync(PortalDbContext db, int connectionId, CancellationToken ct) =>
        db.AtsJobs.AsNoTracking()
            .Where(a => a.ConnectionId == connectionId && a.MissingSince == null && a.Status != AtsJobStatus.Closed)
            .OrderBy(a => a.Id)
            .Select(a => new MatchCandidate(a.Id, a.Title, a.Location))
            .ToListAsync(ct);

    /// <summary>Published and draft Circular jobs linked to no ATS job: what "accept all suggestions" considers.</summary>
    public static Task<List<MatchCandidate>> UnmappedJobsAsync(PortalDbContext db, CancellationToken ct) =>
        db.Jobs.AsNoTracking()
            .Where(j => j.Status != JobStatus.Closed && !db.JobLinks.Any(l => l.JobId == j.Id))
            .OrderBy(j => j.Title).ThenBy(j => j.Id)
            .Select(j => new MatchCandidate(j.Id, j.Title, j.Location))
            .ToListAsync(ct);

    public static Task<List<string>> CircularDepartmentsAsync(PortalDbContext db, CancellationToken ct) =>
        db.Jobs.AsNoTracking().Where(j => j.Status != JobStatus.Closed && j.Department != "")
            .Select(j => j.Department).Distinct().OrderBy(d => d).ToListAsync(ct);

    public static Task<List<string>> AtsDepartmentsAsync(PortalDbContext db, int connectionId, CancellationToken ct) =>
        db.AtsJobs.AsNoTracking().Where(a => a.ConnectionId == connectionId && a.MissingSince == null && a.Department != null && a.Department != "")
            .Select(a => a.Department!).Distinct().OrderBy(d => d).ToListAsync(ct);

    /// <summary>
    /// The keyboard path's Circular jobs: published and draft, by title, each with the link version seen now
    /// (<paramref name="jobId"/>: only that job, to show a picked job's current link again).
    /// </summary>
    public static async Task<List<BoardPick>> PickCircularJobsAsync(PortalDbContext db, string? text, CancellationToken ct, int? jobId = null)
    {
        var jobs = db.Jobs.AsNoTracking().Where(j => j.Status != JobStatus.Closed);
        if (jobId is { } id) jobs = jobs.Where(j => j.Id == id);
        if (Pattern(text) is { } pattern) jobs = jobs.Where(j => j.Title!.ToLower().Contains(pattern) || j.Location!.ToLower().Contains(pattern));
        var rows = await (from job in jobs.OrderBy(j => j.Title).ThenBy(j => j.Id).Take(PickLimit)
                          join l in db.JobLinks.AsNoTracking() on job.Id equals l.JobId into links
                          from link in links.DefaultIfEmpty()
                          join a in db.AtsJobs.AsNoTracking() on link!.AtsJobId equals a.Id into atsJobs
                          from ats in atsJobs.DefaultIfEmpty()
                          orderby job.Title, job.Id
                          select new
                          {
                              job.Id, job.Title, job.Location, Version = link == null ? (Guid?)null : link.Version, AtsTitle = ats == null ? null : ats.Title,
                              ConnectionId = link == null ? (int?)null : link.ConnectionId,
                          })
            .ToListAsync(ct);
        return rows.Select(r => new BoardPick(r.Id, r.Title, r.Location, Label(r.Title, r.Location), r.Version, r.AtsTitle, r.ConnectionId)).ToList();
    }

    /// <summary>The keyboard path's ATS jobs: open and draft, still at the vendor, by title.</summary>
    public static async Task<List<BoardPick>> PickAtsJobsAsync(PortalDbContext db, int connectionId, string? text, CancellationToken ct)
    {
        var jobs = db.AtsJobs.AsNoTracking().Where(a => a.ConnectionId == connectionId && a.MissingSince == null && a.Status != AtsJobStatus.Closed);
        if (Pattern(text) is { } pattern) jobs = jobs.Where(a => a.Title!.ToLower().Contains(pattern) || a.Location!.ToLower().Contains(pattern));
        var rows = await jobs.OrderBy(a => a.Title).ThenBy(a => a.Id).Take(PickLimit)
            .Select(a => new { a.Id, a.Title, a.Location, a.Status }).ToListAsync(ct);
        return rows.Select(r => new BoardPick(r.Id, r.Title, r.Location, Label(r.Title, r.Location) + (r.Status == AtsJobStatus.Draft ? " (draft)" : ""))).ToList();
    }


    /// <summary>A LIKE pattern for "contains", with the user's own % and _ taken literally; null for no search.</summary>
    private static string? Pattern(string? text) => SearchText.Term(text);

    private static string Label(string title, string? location) => string.IsNullOrWhiteSpace(location) ? title : $"{title} · {location}";
}
