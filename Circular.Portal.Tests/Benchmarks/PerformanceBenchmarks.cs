using Circular.Portal.Tests.TestSupport;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Every benchmark, in order, adding its figures to one table that the last one prints. Speed is measured here, never
/// asserted: each part asserts only that its work was done. Sizes scale with BENCH_SCALE, vendors' rate limits with
/// BENCH_RATE_SCALE (see <see cref="BenchmarkScale"/>). Run all:
/// dotnet test Circular.sln --filter "Category=Benchmark" --logger "console;verbosity=detailed"
/// or one part with --filter "FullyQualifiedName~PerformanceBenchmarks.Import" (the table then holds that part only).
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(IntegrationCollection.Name)]
[TestCaseOrderer(BenchmarkOrderer.TypeName, BenchmarkOrderer.AssemblyName)]
public sealed class PerformanceBenchmarks(IntegrationFixture fixture, BenchmarkTable table, ITestOutputHelper output) : IClassFixture<BenchmarkTable>
{
    [Fact, BenchmarkOrder(1)]
    public Task Lists_with_5000_jobs_and_20000_applications() => new MarketplaceBenchmark(table, output).RunAsync();

    [Fact, BenchmarkOrder(2)]
    public Task Mapping_board_with_2000_circular_jobs_and_2000_ats_jobs() => new MappingBenchmark(table, output).RunAsync();

    [Fact, BenchmarkOrder(3)]
    public Task Import_of_an_account_with_5000_open_jobs() => new ImportBenchmark(table, output).RunAsync();

    [Fact, BenchmarkOrder(4)]
    public Task Accepting_2000_suggested_links() => new AcceptSuggestionsBenchmark(table, output).RunAsync();

    [Fact, BenchmarkOrder(5)]
    public Task Ui_with_5000_jobs_and_2000_ats_jobs() => new UiBenchmark(table, output).RunAsync();

    [Fact, BenchmarkOrder(6)]
    public Task Push_accept_to_created_for_each_vendor() => new PushBenchmark(fixture, table, output).RunAsync();

    [Fact, BenchmarkOrder(7)]
    public Task Push_throughput_of_300_candidates_per_vendor_at_the_rate_limit() => new PushThroughputBenchmark(fixture, table, output).RunAsync();

    [Fact, BenchmarkOrder(8)]
    public Task Pushes_of_200_tenants_with_one_slow_account() => new ManyTenantsBenchmark(fixture, table, output).RunAsync();

    [Fact, BenchmarkOrder(9)]
    public Task Latency_both_ways_p50_and_p95() => new StatusBenchmark(fixture, table, output).RunLatencyAsync();

    [Fact, BenchmarkOrder(10)]
    public Task Poll_cost_with_10000_tracked_applications() => new StatusBenchmark(fixture, table, output).RunPollCostAsync();

    [Fact, BenchmarkOrder(11)]
    public Task Fleet_of_connections_polled_every_5_minutes() => new FleetBenchmark(fixture, table, output).RunAsync();

    /// <summary>Last: the whole table.</summary>
    [Fact, BenchmarkOrder(99)]
    public void The_table_of_every_figure()
    {
        table.Print(output);
        Assert.NotEmpty(table.Rows);
    }
}
