using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.Jobs;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// "Accept all suggestions" at scale: 2,000 unmapped Circular jobs each linked to its suggested ATS job, in a real SQLite
/// file: the batch path the board uses (<see cref="JobLinker.LinkManyAsync"/>) against one checked <see cref="JobLinker.LinkAsync"/>
/// per pair (the path it replaced), each on a fresh database.
/// </summary>
public sealed class AcceptSuggestionsBenchmark(BenchmarkTable table, ITestOutputHelper output)
{
    private const string Section = "Map";
    private static readonly int Pairs = BenchmarkScale.Of(2_000, 20);

    public async Task RunAsync()
    {
        var (batch, batchMemory, batchLinked) = await LinkAsync((linker, pairs) => linker.LinkManyAsync(pairs, "benchmark", default));
        var (single, _, singleLinked) = await LinkAsync(async (linker, pairs) =>
        {
            var linked = 0;
            foreach (var (jobId, atsJobId) in pairs)
                if ((await linker.LinkAsync(jobId, atsJobId, null, LinkOrigin.Suggestion, "benchmark", default)).Succeeded) linked++;
            return linked;
        });

        output.WriteLine($"Accept {Pairs:N0} suggestions: LinkManyAsync {batch.TotalMilliseconds:N0} ms ({batchMemory.Describe()}); one LinkAsync per pair {single.TotalMilliseconds:N0} ms");
        table.Add(Section, $"Accept {batchLinked:N0} suggested links (batches of {JobLinker.BatchSize}, one save each)", $"{batch.TotalMilliseconds / 1000:N2} s", "");
        table.Add(Section, "  peak memory while accepting", $"working set {MemorySampler.Mb(batchMemory.PeakWorkingSet)}, GC heap +{MemorySampler.Mb(batchMemory.PeakHeap - batchMemory.StartHeap)}, allocated {MemorySampler.Mb(batchMemory.Allocated)}", "");
        table.Add(Section, $"  the same {singleLinked:N0} one by one (3 queries + a save each, the earlier path)", $"{single.TotalMilliseconds / 1000:N2} s", "");
        Assert.Equal(Pairs, batchLinked);
        Assert.Equal(Pairs, singleLinked);
    }

    private static async Task<(TimeSpan Elapsed, MemorySampler Memory, int Linked)> LinkAsync(Func<JobLinker, List<(int, int)>, Task<int>> link)
    {
        await using var db = await TestDb.CreateAsync();
        var companyId = await db.CompanyAsync("Accept Co");
        var connection = await db.ConnectionAsync(companyId);
        List<(int, int)> pairs;
        await using (var system = db.System())
        await using (var ctx = await system.Factory.CreateDbContextAsync())
        {
            ctx.ChangeTracker.AutoDetectChangesEnabled = false;
            var atsJobs = Enumerable.Range(0, Pairs).Select(i => new AtsJob
            {
                CompanyId = companyId, ConnectionId = connection.Id, ExternalId = $"wk-{i}", Title = $"Engineer {i}", Location = "Lisbon, Portugal", Status = AtsJobStatus.Open,
            }).ToList();
            var jobs = Enumerable.Range(0, Pairs).Select(i => new Job { CompanyId = companyId, Title = $"Engineer {i}", Location = "Lisbon", Status = JobStatus.Published }).ToList();
            ctx.AtsJobs.AddRange(atsJobs);
            ctx.Jobs.AddRange(jobs);
            await ctx.SaveChangesAsync();
            pairs = jobs.Zip(atsJobs, (j, a) => (j.Id, a.Id)).ToList();
        }
        await using var scope = db.For(companyId);
        var linker = new JobLinker(scope.Factory, new PushOutbox(TimeProvider.System), new PushSignals());
        var memory = MemorySampler.Start();
        var linked = await link(linker, pairs);
        var elapsed = await memory.StopAsync();
        await using var check = await scope.Factory.CreateDbContextAsync();
        Assert.Equal(linked, await check.JobLinks.CountAsync(l => l.Origin == LinkOrigin.Suggestion));
        return (elapsed, memory, linked);
    }
}
