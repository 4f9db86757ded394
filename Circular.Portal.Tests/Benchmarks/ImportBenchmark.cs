using System.Diagnostics;
using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Tests.Jobs;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// The one-click import of a large account: 6,250 ATS jobs (5,000 open, each with its own ~2 KB HTML description) in a
/// real SQLite file: preview, the import itself (time, peak memory, allocations), the sanitiser alone, importing again.
/// </summary>
public sealed class ImportBenchmark(BenchmarkTable table, ITestOutputHelper output)
{
    private const string Section = "Import";
    private static readonly int AtsJobs = BenchmarkScale.Of(6_250, 10);

    public async Task RunAsync()
    {
        await using var db = await TestDb.CreateAsync();
        var companyId = await db.CompanyAsync("Large Co");
        var connection = await db.ConnectionAsync(companyId);
        await SeedAsync(db, connection);
        await using var scope = db.For(companyId);
        var sanitizer = new DescriptionSanitizer();
        var importer = new JobImporter(scope.Factory, sanitizer, db.Clock);

        var (previewCold, preview) = await TimeAsync(() => importer.PreviewAsync(connection.Id, false, default));
        var (previewWarm, _) = await TimeAsync(() => importer.PreviewAsync(connection.Id, false, default));
        var memory = MemorySampler.Start();
        var result = await importer.ImportAsync(connection.Id, false, true, "benchmark", null, default);
        var import = await memory.StopAsync();
        var (again, second) = await TimeAsync(() => importer.ImportAsync(connection.Id, false, true, "benchmark", null, default));

        var descriptions = Enumerable.Range(1, preview.New).Select(Description).ToList();
        var sanitising = MemorySampler.Start();
        foreach (var html in descriptions) sanitizer.Sanitize(html);
        var sanitised = await sanitising.StopAsync();
        var perCall = new DescriptionSanitizer(reuseParser: false);
        var perCallSampler = MemorySampler.Start();
        foreach (var html in descriptions) perCall.Sanitize(html);
        var perCallTime = await perCallSampler.StopAsync();

        output.WriteLine($"Import, {AtsJobs:N0} ATS jobs of which {preview.New:N0} open, each with its own ~2 KB HTML description, SQLite file");
        output.WriteLine($"  preview cold {previewCold:N0} ms, warm {previewWarm:N0} ms; import {import.TotalMilliseconds:N0} ms, {memory.Describe()}");
        output.WriteLine($"  sanitiser alone, {descriptions.Count:N0} descriptions: {sanitised.TotalMilliseconds:N0} ms, {sanitising.Describe()}; import again {again:N0} ms");
        table.Add(Section, $"Import {result.Created:N0} jobs + links (one transaction)", $"{import.TotalMilliseconds / 1000:N1} s", "");
        table.Add(Section, "  peak memory during the import", $"working set {MemorySampler.Mb(memory.PeakWorkingSet)}, GC heap +{MemorySampler.Mb(memory.PeakHeap - memory.StartHeap)}", "");
        table.Add(Section, "  allocated during the import", MemorySampler.Mb(memory.Allocated), "");
        table.Add(Section, $"  of which sanitising {descriptions.Count:N0} descriptions", $"{sanitised.TotalMilliseconds / 1000:N1} s, {MemorySampler.Mb(sanitising.Allocated)} allocated", "");
        table.Add(Section, "  the same with a new parser per call (the earlier set-up)", $"{perCallTime.TotalMilliseconds / 1000:N1} s, {MemorySampler.Mb(perCallSampler.Allocated)} allocated", "");
        table.Add(Section, "Preview (cold / warm)", $"{previewCold:N0} / {previewWarm:N0} ms", "");
        table.Add(Section, "Import again, nothing to do", $"{again:N0} ms", "");

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

    /// <summary>A realistic vendor description, different for every job (so nothing can be reused between jobs).</summary>
    private static string Description(int i) =>
        $"<h2>About the role {i}</h2><p>You will build and run the services our customers rely on every day, "
        + "with a small team that owns its work from design to production.</p><ul>"
        + string.Concat(Enumerable.Range(1, 12).Select(n => $"<li>Responsibility {n} of job {i}: plan, build, review and ship with care.</li>"))
        + $"</ul><p style=\"color:red\" onclick=\"track({i})\">Apply via <a href=\"https://jobs.example.com/apply/{i}\">our page</a>.</p>"
        + "<script>window.tracker = 1;</script><h3>What we offer</h3><p>Remote-friendly, learning budget, 30 days off.</p>";

    private static async Task SeedAsync(TestDb db, Circular.Portal.Connections.AtsConnection connection)
    {
        await using var scope = db.System();
        await using var ctx = await scope.Factory.CreateDbContextAsync();
        ctx.ChangeTracker.AutoDetectChangesEnabled = false;
        ctx.AtsJobs.AddRange(Enumerable.Range(1, AtsJobs).Select(i => new AtsJob
        {
            CompanyId = connection.CompanyId, ConnectionId = connection.Id, ExternalId = $"job-{i}",
            Title = $"Role {i:D4}", Status = i % 5 == 0 ? AtsJobStatus.Closed : AtsJobStatus.Open,
            Location = "Lisbon, Portugal", Department = "Engineering", EmploymentType = "Full-time", DescriptionHtml = Description(i),
        }));
        await ctx.SaveChangesAsync();
    }
}
