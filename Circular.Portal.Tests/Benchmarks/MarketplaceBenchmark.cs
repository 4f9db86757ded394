using System.Diagnostics;
using Circular.Portal.Accounts;
using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Figures for the jobs grid, the candidate inbox and the candidate list with 5,000 jobs and 20,000 applications in a
/// real SQLite file. Prints its detail table and adds the medians to the run's table; asserts nothing about time.
/// </summary>
public sealed class MarketplaceBenchmark(BenchmarkTable table, ITestOutputHelper output)
{
    private static readonly int Jobs = BenchmarkScale.Of(5_000, 50);
    private static readonly int Applications = BenchmarkScale.Of(20_000, 200);

    public async Task RunAsync()
    {
        await using var db = await TestDb.CreateAsync();
        var (companyId, jobIds) = await SeedAsync(db);
        await using var scope = db.For(companyId);

        var rows = new List<(string Name, double Median, double Max, long Allocated)>
        {
            await MeasureAsync("Jobs grid, first page (25, newest first)", scope, ctx => JobQueries.PageAsync(ctx, null, null, null, false, 0, 25, default)),
            await MeasureAsync("Jobs grid, sorted by title, page 100", scope, ctx => JobQueries.PageAsync(ctx, null, null, "Title", false, 100, 25, default)),
            await MeasureAsync("Jobs grid, search \"engineer\", published", scope, ctx => JobQueries.PageAsync(ctx, "engineer", JobStatus.Published, null, false, 0, 25, default)),
            await MeasureAsync("Candidate inbox of one job, first page (20)", scope, ctx => ctx.Applications.AsNoTracking()
                .Where(a => a.JobId == jobIds[42]).OrderByDescending(a => a.StageChangedAt).Take(20)
                .Select(a => new { a.Id, a.Candidate!.FirstName, a.Candidate.LastName, a.Stage }).ToListAsync()),
            await MeasureAsync("Candidates list, first page (25) + count", scope, async ctx =>
                (await ctx.Candidates.CountAsync(), await ctx.Candidates.AsNoTracking().OrderByDescending(c => c.CreatedAt).Take(25).ToListAsync())),
        };

        output.WriteLine($"Marketplace lists, {Jobs:N0} jobs and {Applications:N0} applications, SQLite file, 5 warm runs each");
        output.WriteLine($"| {"query",-46} | {"median ms",9} | {"max ms",7} | {"alloc KB",8} |");
        output.WriteLine($"|{new string('-', 48)}|{new string('-', 11)}|{new string('-', 9)}|{new string('-', 10)}|");
        foreach (var (name, median, max, allocated) in rows)
        {
            output.WriteLine($"| {name,-46} | {median,9:F1} | {max,7:F1} | {allocated / 1024,8:N0} |");
            table.Add($"Lists ({Jobs:N0} jobs, {Applications:N0} appl.)", name, $"{median:F1} ms median", "");
        }
        Assert.Equal(5, rows.Count);
    }

    private static async Task<(string, double, double, long)> MeasureAsync<T>(string name, TenantScope scope, Func<Circular.Portal.Data.PortalDbContext, Task<T>> query)
    {
        var times = new List<double>();
        long allocated = 0;
        for (var run = 0; run < 6; run++)
        {
            await using var ctx = await scope.Factory.CreateDbContextAsync();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            await query(ctx);
            watch.Stop();
            if (run == 0) continue; // the first run compiles the query
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        times.Sort();
        return (name, times[times.Count / 2], times[^1], allocated);
    }

    private static async Task<(int CompanyId, List<int> JobIds)> SeedAsync(TestDb db)
    {
        await using var scope = db.System();
        await using var ctx = await scope.Factory.CreateDbContextAsync();
        ctx.ChangeTracker.AutoDetectChangesEnabled = false;
        var company = new Company { Name = "Benchmark Co" };
        ctx.Companies.Add(company);
        await ctx.SaveChangesAsync();
        string[] titles = ["Backend Engineer", "Product Designer", "Data Analyst", "Account Executive", "Site Reliability Engineer"];
        var jobs = Enumerable.Range(0, Jobs).Select(i => new Job
        {
            CompanyId = company.Id, Title = $"{titles[i % titles.Length]} {i}", Location = $"City {i % 40}", Department = $"Dept {i % 12}",
            Status = (JobStatus)(i % 3),
        }).ToList();
        ctx.Jobs.AddRange(jobs);
        await ctx.SaveChangesAsync();
        var applications = Enumerable.Range(0, Applications).Select(i => new Application
        {
            CompanyId = company.Id, PlatformApplicationId = $"bench-{i}", JobId = jobs[i % Jobs].Id, Stage = (ApplicationStage)(i % 6),
            Candidate = new Candidate { CompanyId = company.Id, FirstName = $"First{i}", LastName = $"Last{i}", Email = $"c{i}@example.com" },
        });
        foreach (var chunk in applications.Chunk(2_000))
        {
            ctx.Applications.AddRange(chunk);
            await ctx.SaveChangesAsync();
            ctx.ChangeTracker.Clear();
        }
        return (company.Id, jobs.Select(j => j.Id).ToList());
    }
}
