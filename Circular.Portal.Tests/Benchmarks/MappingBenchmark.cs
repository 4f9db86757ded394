using System.Diagnostics;
using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Figures for the mapping board with 2,000 Circular jobs and 2,000 ATS jobs in a real SQLite file: the board's queries
/// (<see cref="MappingBoardQueries"/>) and the suggestion ranking the board runs. Prints its detail table and adds the
/// board's opening figures to the run's table; asserts nothing about time.
/// </summary>
public sealed class MappingBenchmark(BenchmarkTable table, ITestOutputHelper output)
{
    private static readonly int Jobs = BenchmarkScale.Of(2_000, 60);
    private const int PageSize = 30;
    private const int WarmRuns = 5;

    public async Task RunAsync()
    {
        await using var db = await TestDb.CreateAsync();
        var (companyId, connectionId) = await SeedAsync(db);
        await using var scope = db.For(companyId);
        var suggester = new MatchSuggester();
        MatchPool pool = null!;

        var rows = new List<Row>
        {
            await MeasureAsync($"Suggestion pool: load {Jobs:N0} ATS jobs + prepare", scope, async ctx =>
                pool = suggester.Prepare(await MappingBoardQueries.SuggestionTargetsAsync(ctx, connectionId, default))),
            await MeasureAsync($"Circular side, first page ({PageSize}) + count", scope, ctx =>
                MappingBoardQueries.CircularJobsAsync(ctx, new CircularJobFilter(), 0, PageSize, default)),
            await MeasureAsync($"ATS side, first page ({PageSize}) + count", scope, ctx =>
                MappingBoardQueries.AtsJobsAsync(ctx, connectionId, new AtsJobFilter(), 0, PageSize, default)),
            await MeasureAsync($"Circular side, page at row {Jobs * 3 / 4:N0}", scope, ctx =>
                MappingBoardQueries.CircularJobsAsync(ctx, new CircularJobFilter(), Jobs * 3 / 4, PageSize, default)),
            await MeasureAsync("Circular side, search \"engineer\", unmapped", scope, ctx =>
                MappingBoardQueries.CircularJobsAsync(ctx, new CircularJobFilter(Search: "engineer", Mapped: MappedFilter.Unmapped), 0, PageSize, default)),
            await MeasureAsync("ATS side, department + status + mapped", scope, ctx =>
                MappingBoardQueries.AtsJobsAsync(ctx, connectionId, new AtsJobFilter(Status: AtsJobStatus.Open, Department: "Engineering", Mapped: MappedFilter.Mapped), 0, PageSize, default)),
            await MeasureAsync("Keyboard select, search \"data\" (20)", scope, ctx =>
                MappingBoardQueries.PickAtsJobsAsync(ctx, connectionId, "data", default)),
        };
        var firstPage = await MeasureAsync("(first 50 unmapped jobs)", scope, async ctx =>
            (await MappingBoardQueries.CircularJobsAsync(ctx, new CircularJobFilter(Mapped: MappedFilter.Unmapped), 0, 50, default)).Rows);
        var unmappedPage = (List<CircularJobRow>)firstPage.Result!;
        rows.Add(await MeasureAsync("Suggestions (top 3, >= 50 %) for 50 unmapped jobs", scope, _ =>
            Task.FromResult(unmappedPage.Select(r => suggester.Rank(new MatchCandidate(r.Id, r.Title, r.Location), pool, 3, 0.5)).ToList())));
        rows.Add(await MeasureAsync("Same, ranking every ATS job (no minimum)", scope, _ =>
            Task.FromResult(unmappedPage.Select(r => suggester.Rank(new MatchCandidate(r.Id, r.Title, r.Location), pool, 3)).ToList())));
        rows.Add(await MeasureAsync("Accept all >= 80 %: unmapped jobs + best match each", scope, async ctx =>
        {
            var unmapped = await MappingBoardQueries.UnmappedJobsAsync(ctx, default);
            return suggester.BestMatches(unmapped, pool, 0.8).ToList();
        }));
        var accepted = (System.Collections.ICollection)rows[^1].Result!;
        var unmappedJobs = await Task.Run(async () =>
        {
            await using var ctx = await scope.Factory.CreateDbContextAsync();
            return await MappingBoardQueries.UnmappedJobsAsync(ctx, default);
        });
        rows.Add(await MeasureAsync($"  of which ranking only ({unmappedJobs.Count:N0} jobs, 1 CPU)", scope, _ =>
            Task.FromResult(suggester.BestMatches(unmappedJobs, pool, 0.8).ToList())));

        output.WriteLine($"Mapping board, {Jobs:N0} Circular jobs and {Jobs:N0} ATS jobs, SQLite file; cold = first run in the process, then {WarmRuns} warm runs");
        output.WriteLine($"| {"operation",-52} | {"cold ms",7} | {"median ms",9} | {"max ms",7} | {"alloc KB",8} |");
        output.WriteLine($"|{new string('-', 54)}|{new string('-', 9)}|{new string('-', 11)}|{new string('-', 9)}|{new string('-', 10)}|");
        foreach (var row in rows)
            output.WriteLine($"| {row.Name,-52} | {row.Cold,7:F1} | {row.Median,9:F1} | {row.Max,7:F1} | {row.Allocated / 1024,8:N0} |");
        var pairs = suggester.BestMatches(unmappedJobs, pool, 0.8).Select(m => (m.Job.Id, m.Best.AtsJobId)).ToList();
        var linking = Stopwatch.StartNew();
        var linked = await new JobLinker(scope.Factory, new Circular.Portal.Sync.Push.PushOutbox(TimeProvider.System), new Circular.Portal.Sync.Push.PushSignals()).LinkManyAsync(pairs, "benchmark", default);
        linking.Stop();
        output.WriteLine($"Accept all >= 80 % links {linked:N0} of the {unmappedJobs.Count:N0} unmapped jobs; JobLinker.LinkManyAsync took {linking.Elapsed.TotalMilliseconds:N0} ms for them (once).");
        const string section = "Mapping board";
        var open = rows.Take(3).Sum(r => r.Median) + rows[7].Median;
        var openCold = rows.Take(3).Sum(r => r.Cold) + rows[7].Cold;
        table.Add(section, $"Open ({Jobs:N0} + {Jobs:N0} jobs): pool, both first pages, 50 suggestions", $"{open:N0} ms warm, {openCold:N0} ms cold", "");
        table.Add(section, $"\"Accept all >= 80 %\": find {accepted.Count:N0} matches among {unmappedJobs.Count:N0} unmapped", $"{rows[^2].Median:N0} ms", "");
        table.Add(section, $"  and link them (LinkManyAsync)", $"{linking.Elapsed.TotalMilliseconds:N0} ms", "");
        Assert.Equal(PageSize, ((ValueTuple<List<CircularJobRow>, int>)rows[1].Result!).Item1.Count);
        Assert.NotEmpty(accepted);
        Assert.Equal(pairs.Count, linked);
    }

    private sealed record Row(string Name, double Cold, double Median, double Max, long Allocated, object? Result);

    private static async Task<Row> MeasureAsync<T>(string name, TenantScope scope, Func<PortalDbContext, Task<T>> operation)
    {
        var times = new List<double>();
        double cold = 0;
        long allocated = 0;
        T result = default!;
        for (var run = 0; run <= WarmRuns; run++)
        {
            await using var ctx = await scope.Factory.CreateDbContextAsync();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            result = await operation(ctx);
            watch.Stop();
            if (run == 0)
            {
                cold = watch.Elapsed.TotalMilliseconds;
                continue;
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        times.Sort();
        return new Row(name, cold, times[times.Count / 2], times[^1], allocated, result);
    }

    private static readonly (string Title, string Department)[] Roles =
    [
        ("Backend Engineer", "Engineering"), ("Frontend Engineer", "Engineering"), ("Full Stack Engineer", "Engineering"),
        ("Site Reliability Engineer", "Engineering"), ("DevOps Engineer", "Engineering"), ("QA Automation Engineer", "Engineering"),
        ("iOS Engineer", "Engineering"), ("Android Engineer", "Engineering"), ("Engineering Manager", "Engineering"),
        ("Data Analyst", "Data"), ("Data Engineer", "Data"), ("Machine Learning Engineer", "Data"), ("Data Scientist", "Data"),
        ("Product Manager", "Product"), ("Product Designer", "Design"), ("UX Researcher", "Design"), ("Technical Writer", "Product"),
        ("Account Executive", "Sales"), ("Sales Development Representative", "Sales"), ("Solutions Engineer", "Sales"),
        ("Customer Success Manager", "Customer Success"), ("Support Specialist", "Customer Success"),
        ("Marketing Manager", "Marketing"), ("Content Strategist", "Marketing"), ("Growth Marketer", "Marketing"),
        ("HR Business Partner", "People"), ("Talent Acquisition Specialist", "People"), ("Finance Controller", "Finance"),
        ("Financial Analyst", "Finance"), ("Legal Counsel", "Legal"), ("Office Manager", "Operations"), ("Security Engineer", "Engineering"),
    ];

    private static readonly string[] Seniority = ["", "Senior ", "Junior ", "Lead ", "Staff ", "Principal ", "Head of "];
    private static readonly string[] Teams = ["", "Payments", "Platform", "Growth", "Mobile", "Core", "Search", "Billing", "Identity", "Infrastructure"];
    private static readonly string[] Places = ["Lisbon, Portugal", "Berlin, Germany", "London, United Kingdom", "Amsterdam, Netherlands", "Madrid, Spain",
        "Paris, France", "Dublin, Ireland", "New York, United States", "Remote", "Zürich, Switzerland", "Warsaw, Poland", "Stockholm, Sweden"];

    /// <summary>An ATS-style title: "Senior Backend Engineer, Payments".</summary>
    private static string AtsTitle(int i)
    {
        var role = Roles[i % Roles.Length].Title;
        var team = Teams[i / Roles.Length % Teams.Length];
        return $"{Seniority[i / 7 % Seniority.Length]}{role}{(team == "" ? "" : ", " + team)}";
    }

    /// <summary>The same job as a company writes it in Circular: abbreviations, other order, extra qualifiers; a quarter are other roles.</summary>
    private static string CircularTitle(int i)
    {
        if (i % 4 == 3) return $"{Roles[(i * 5 + 3) % Roles.Length].Title} ({Teams[i % Teams.Length]}) - EMEA";
        var title = AtsTitle(i).Replace("Senior ", "Sr. ").Replace("Junior ", "Jr ").Replace("Engineer", i % 2 == 0 ? "Developer" : "Engineer");
        return (i % 3) switch
        {
            0 => title,
            1 => title.Contains(", ") ? $"{title.Split(", ")[1]} {title.Split(", ")[0]}" : title + " (m/w/d)",
            _ => title + " (.NET)",
        };
    }

    private static async Task<(int CompanyId, int ConnectionId)> SeedAsync(TestDb db)
    {
        await using var scope = db.System();
        await using var ctx = await scope.Factory.CreateDbContextAsync();
        ctx.ChangeTracker.AutoDetectChangesEnabled = false;
        var company = new Company { Name = "Mapping Benchmark Co" };
        ctx.Companies.Add(company);
        await ctx.SaveChangesAsync();
        var connection = new AtsConnection { CompanyId = company.Id, Kind = AtsKind.Workable, PublicId = Guid.NewGuid().ToString("N"), State = ConnectionState.Connected };
        ctx.Connections.Add(connection);
        await ctx.SaveChangesAsync();

        var atsJobs = Enumerable.Range(0, Jobs).Select(i => new AtsJob
        {
            CompanyId = company.Id, ConnectionId = connection.Id, ExternalId = $"wk-{i:00000}", Title = AtsTitle(i),
            Location = Places[i % Places.Length], Department = Roles[i % Roles.Length].Department,
            Status = (i % 10) switch { < 7 => AtsJobStatus.Open, 7 or 8 => AtsJobStatus.Closed, _ => AtsJobStatus.Draft },
        }).ToList();
        ctx.AtsJobs.AddRange(atsJobs);
        var jobs = Enumerable.Range(0, Jobs).Select(i => new Job
        {
            CompanyId = company.Id, Title = CircularTitle(i), Location = Places[(i + (i % 5 == 0 ? 1 : 0)) % Places.Length].Split(',')[0],
            Department = Roles[i % Roles.Length].Department, Status = (i % 8) switch { < 5 => JobStatus.Published, 5 or 6 => JobStatus.Draft, _ => JobStatus.Closed },
        }).ToList();
        ctx.Jobs.AddRange(jobs);
        await ctx.SaveChangesAsync();
        // A third already linked (as an earlier import would have), so the mapped / unmapped filters have work to do.
        ctx.JobLinks.AddRange(Enumerable.Range(0, Jobs).Where(i => i % 3 == 0).Select(i => new JobLink
        {
            CompanyId = company.Id, JobId = jobs[i].Id, AtsJobId = atsJobs[i].Id, ConnectionId = connection.Id, Origin = LinkOrigin.Import,
            LinkedBy = "Import", TitleAtLink = atsJobs[i].Title,
        }));
        await ctx.SaveChangesAsync();
        return (company.Id, connection.Id);
    }
}
