using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

/// <summary>Search and sort for job lists, translated to SQL (never applied in memory).</summary>
public static class JobQueries
{
    public static IQueryable<Job> Search(IQueryable<Job> jobs, string? text, JobStatus? status)
    {
        if (status is { } s) jobs = jobs.Where(j => j.Status == s);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = Data.SearchText.Term(text);
            jobs = jobs.Where(j => j.Title.ToLower().Contains(term!)
                || j.Location!.ToLower().Contains(term!)
                || j.Department!.ToLower().Contains(term!));
        }
        return jobs;
    }

    /// <summary>Sorts by a grid column name; unknown names fall back to most recently updated first.</summary>
    public static IQueryable<Job> Sort(IQueryable<Job> jobs, string? column, bool descending) => (column, descending) switch
    {
        ("Title", false) => jobs.OrderBy(j => j.Title).ThenBy(j => j.Id),
        ("Title", true) => jobs.OrderByDescending(j => j.Title).ThenBy(j => j.Id),
        ("Location", false) => jobs.OrderBy(j => j.Location).ThenBy(j => j.Id),
        ("Location", true) => jobs.OrderByDescending(j => j.Location).ThenBy(j => j.Id),
        ("Department", false) => jobs.OrderBy(j => j.Department).ThenBy(j => j.Id),
        ("Department", true) => jobs.OrderByDescending(j => j.Department).ThenBy(j => j.Id),
        ("Status", false) => jobs.OrderBy(j => j.Status).ThenBy(j => j.Id),
        ("Status", true) => jobs.OrderByDescending(j => j.Status).ThenBy(j => j.Id),
        ("UpdatedAt", false) => jobs.OrderBy(j => j.UpdatedAt).ThenBy(j => j.Id),
        _ => jobs.OrderByDescending(j => j.UpdatedAt).ThenByDescending(j => j.Id),
    };

    /// <summary>One page of the jobs grid with each job's candidate count, all computed in SQL.</summary>
    public static async Task<(List<JobListRow> Rows, int Total)> PageAsync(
        Data.PortalDbContext db, string? text, JobStatus? status, string? sortBy, bool descending, int page, int pageSize, CancellationToken ct)
    {
        var query = Search(db.Jobs.AsNoTracking(), text, status);
        var total = await query.CountAsync(ct);
        var rows = await Sort(query, sortBy, descending)
            .Skip(page * pageSize).Take(pageSize)
            .Select(j => new JobListRow(j.Id, j.Title, j.Location, j.Department, j.Status, j.UpdatedAt,
                db.Applications.Count(a => a.JobId == j.Id)))
            .ToListAsync(ct);
        return (rows, total);
    }
}

public sealed record JobListRow(int Id, string Title, string Location, string Department, JobStatus Status, DateTimeOffset UpdatedAt, int Applications);
