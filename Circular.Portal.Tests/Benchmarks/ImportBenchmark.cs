using System.Diagnostics;
using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Tests.Jobs;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Figures for the one-click import of a large account: 2,500 ATS jobs (2,000 open, with a realistic HTML description
/// each) in a real SQLite file. Prints a table; asserts only that the work was done, nothing about time.
/// Run: dotnet test Circular.sln --filter "FullyQualifiedName~ImportBenchmark" --logger "console;verbosity=detailed"
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ImportBenchmark(ITestOutputHelper output)
{
    private const int AtsJobs = 2_500;

    [Fact]
    public async Task Import_of_an_account_with_2000_open_jobs()
    {
        await using var db = await TestDb.CreateAsync();
        var companyId = await db.CompanyAsync("Large Co");
        var connection = await db.ConnectionAsync(companyId);
        await SeedAsync(db, connection);
        await using var scope = db.For(companyId);
        var importer = new JobImporter(scope.Factory, new DescriptionSanitizer(), db.Clock);

        var (previewCold, preview) = await TimeAsync(() => importer.PreviewAsync(connection.Id, false, default));
        var (previewWarm, _) = await TimeAsync(() => importer.PreviewAsync(connection.Id, false, default));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (import, result) = await TimeAsync(() => importer.ImportAsync(connection.Id, false, true, "benchmark", null, default));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var (again, second) = await TimeAsync(() => importer.ImportAsync(connection.Id, false, true, "benchmark", null, default));

        output.WriteLine($"Import, {AtsJobs:N0} ATS jobs of which {preview.New:N0} open, each with a ~2 KB HTML description, SQLite file");
        output.WriteLine($"| {"step",-46} | {"ms",8} |");
        output.WriteLine($"|{new string('-', 48)}|{new string('-', 10)}|");
        output.WriteLine($"| {"Preview (cold)",-46} | {previewCold,8:F0} |");
        output.WriteLine($"| {"Preview (warm)",-46} | {previewWarm,8:F0} |");
        output.WriteLine($"| {$"Import: {result.Created:N0} jobs + links, one transaction",-46} | {import,8:F0} |");
        output.WriteLine($"| {"Import again: nothing to do",-46} | {again,8:F0} |");
        output.WriteLine($"Allocated during the import: {allocated / 1024 / 1024:N0} MB");

        Assert.Equal(preview.New, result.Created);
        Assert.Equal(0, second.Created);
        await using var ctx = await scope.Factory.CreateDbContextAsync();
        Assert.Equal(preview.New, await ctx.JobLinks.CountAsync());
    }

    private static async Task<(double Ms, T Result)> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        return (watch.Elapsed.TotalMilliseconds, result);
    }

    private static async Task SeedAsync(TestDb db, Circular.Portal.Connections.AtsConnection connection)
    {
        await using var scope = db.System();
        await using var ctx = await scope.Factory.CreateDbContextAsync();
        var description = "<h2>About the role</h2><p>You will build and run the services our customers rely on every day, "
                          + "with a small team that owns its work from design to production.</p><ul>"
                          + string.Concat(Enumerable.Range(1, 12).Select(i => $"<li>Responsibility {i}: plan, build, review and ship with care.</li>"))
                          + "</ul><p style=\"color:red\" onclick=\"track()\">Apply via <a href=\"https://jobs.example.com/apply\">our page</a>.</p>"
                          + "<script>window.tracker = 1;</script><h3>What we offer</h3><p>Remote-friendly, learning budget, 30 days off.</p>";
        ctx.AtsJobs.AddRange(Enumerable.Range(1, AtsJobs).Select(i => new AtsJob
        {
            CompanyId = connection.CompanyId, ConnectionId = connection.Id, ExternalId = $"job-{i}",
            Title = $"Role {i:D4}", Status = i % 5 == 0 ? AtsJobStatus.Closed : AtsJobStatus.Open,
            Location = "Lisbon, Portugal", Department = "Engineering", EmploymentType = "Full-time", DescriptionHtml = description,
        }));
        await ctx.SaveChangesAsync();
    }
}
