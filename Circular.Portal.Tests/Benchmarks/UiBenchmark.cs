using System.Diagnostics;
using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Jobs.Pages;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Pages;
using Circular.Portal.Providers;
using Circular.Portal.Tests.Jobs;
using Circular.Portal.Tests.TestSupport;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// The jobs page and the mapping board at scale (5,000 Circular jobs, 2,000 ATS jobs in a real SQLite file): server render
/// time of the real components (bUnit, one context per render, as one circuit each) until their first rows show, and the
/// memory an open board holds (GC heap before and after keeping several boards open).
/// </summary>
public sealed class UiBenchmark(BenchmarkTable table, ITestOutputHelper output)
{
    private const string Section = "UI";
    private const int WarmRuns = 5;
    private static readonly int Jobs = BenchmarkScale.Of(5_000, 50);
    private static readonly int AtsJobs = BenchmarkScale.Of(2_000, 30);
    private static readonly int OpenBoards = 10;

    public async Task RunAsync()
    {
        await using var db = await TestDb.CreateAsync();
        var companyId = await db.CompanyAsync("UI Co");
        var connection = await db.ConnectionAsync(companyId);
        await SeedAsync(db, companyId, connection);

        var jobsPage = await MeasureAsync(db, companyId, async context =>
        {
            var page = context.Render<JobsPage>();
            page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("#jobs-grid tbody tr.mud-table-row").Count), TimeSpan.FromSeconds(30));
            await Task.CompletedTask;
        });
        var board = await MeasureAsync(db, companyId, async context =>
        {
            await RenderBoardAsync(context, connection);
        });

        // Memory held per open board: keep several open (each in its own context, as circuits are) and compare the heap.
        var before = Heap();
        var open = new List<BunitContext>();
        for (var i = 0; i < OpenBoards; i++)
        {
            var context = Context(db, companyId);
            await RenderBoardAsync(context, connection);
            open.Add(context);
        }
        var perBoard = (Heap() - before) / OpenBoards;
        foreach (var context in open) await context.DisposeAsync();

        // Of which the board's suggestion pool (every ATS job normalised and indexed), held by each open board.
        var poolBefore = Heap();
        MatchPool pool;
        await using (var scope = db.For(companyId))
        await using (var ctx = await scope.Factory.CreateDbContextAsync())
            pool = new MatchSuggester().Prepare(await MappingBoardQueries.SuggestionTargetsAsync(ctx, connection.Id, default));
        var poolBytes = Heap() - poolBefore;
        GC.KeepAlive(pool);

        output.WriteLine($"UI, {Jobs:N0} jobs and {AtsJobs:N0} ATS jobs: jobs page cold {jobsPage.Cold:N0} ms, warm median {jobsPage.Median:N0} ms; "
                         + $"board cold {board.Cold:N0} ms, warm median {board.Median:N0} ms; heap held per open board {MemorySampler.Mb(perBoard)} ({OpenBoards} kept open)");
        table.Add(Section, $"Jobs page ({Jobs:N0} jobs), render to first 25 rows", $"{jobsPage.Median:N0} ms warm, {jobsPage.Cold:N0} ms cold", "");
        table.Add(Section, $"Mapping board ({Jobs:N0} + {AtsJobs:N0} jobs), render to both lists", $"{board.Median:N0} ms warm, {board.Cold:N0} ms cold", "");
        table.Add(Section, "Memory held per open mapping board (GC heap, bUnit's DOM included)", $"{perBoard / 1024.0 / 1024.0:N1} MB", "");
        table.Add(Section, $"  of which its suggestion pool ({AtsJobs:N0} ATS jobs indexed)", $"{poolBytes / 1024.0 / 1024.0:N1} MB", "");
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private static async Task RenderBoardAsync(BunitContext context, AtsConnection connection)
    {
        var board = context.Render<MappingBoard>(p => p.Add(b => b.Connection, connection).Add(b => b.VendorName, "Workable"));
        board.WaitForAssertion(() =>
        {
            Assert.NotEmpty(board.FindAll("#circular-jobs .circular-job"));
            Assert.NotEmpty(board.FindAll("#ats-jobs .ats-job"));
        }, TimeSpan.FromSeconds(30));
        await Task.CompletedTask;
    }

    private static BunitContext Context(TestDb db, int companyId)
    {
        var context = new BunitContext();
        context.AddPortal(db, companyId, "admin@ui.example", TimeProvider.System);
        context.Services.AddSingleton<MatchSuggester>();
        context.Services.AddScoped<JobLinker>();
        context.Services.AddScoped<JobEditor>();
        context.Services.AddSingleton<IValidator<JobForm>, JobFormValidator>();
        context.Render<MudPopoverProvider>();
        context.Render<MudDialogProvider>();
        return context;
    }

    private static async Task<(double Cold, double Median)> MeasureAsync(TestDb db, int companyId, Func<BunitContext, Task> render)
    {
        var times = new List<double>();
        for (var run = 0; run <= WarmRuns; run++)
        {
            await using var context = Context(db, companyId);
            var watch = Stopwatch.StartNew();
            await render(context);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var warm = times.Skip(1).Order().ToList();
        return (times[0], warm[warm.Count / 2]);
    }

    private static async Task SeedAsync(TestDb db, int companyId, AtsConnection connection)
    {
        await using var scope = db.System();
        await using var ctx = await scope.Factory.CreateDbContextAsync();
        ctx.ChangeTracker.AutoDetectChangesEnabled = false;
        string[] roles = ["Backend Engineer", "Product Designer", "Data Analyst", "Account Executive", "Site Reliability Engineer", "Office Manager"];
        ctx.Jobs.AddRange(Enumerable.Range(0, Jobs).Select(i => new Job
        {
            CompanyId = companyId, Title = $"{roles[i % roles.Length]} {i}", Location = $"City {i % 40}", Department = $"Dept {i % 12}",
            Status = (i % 4) switch { < 2 => JobStatus.Published, 2 => JobStatus.Draft, _ => JobStatus.Closed },
        }));
        ctx.AtsJobs.AddRange(Enumerable.Range(0, AtsJobs).Select(i => new AtsJob
        {
            CompanyId = companyId, ConnectionId = connection.Id, ExternalId = $"wk-{i}", Title = $"{roles[(i + 1) % roles.Length]} {i}",
            Location = $"City {i % 40}, Portugal", Department = $"Dept {i % 12}", Status = i % 10 < 8 ? AtsJobStatus.Open : AtsJobStatus.Closed,
        }));
        await ctx.SaveChangesAsync();
    }
}
