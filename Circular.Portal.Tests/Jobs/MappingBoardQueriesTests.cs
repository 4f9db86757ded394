using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Jobs;

public class MappingBoardQueriesTests : IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private Circular.Portal.Connections.AtsConnection _connection = null!;

    /// <summary>True in the PostgreSQL run of these tests.</summary>
    protected virtual bool OnPostgres => false;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync(OnPostgres);
        _companyId = await _db.CompanyAsync("Acme");
        _connection = await _db.ConnectionAsync(_companyId);
        await _db.AtsJobsAsync(_connection,
            ("Senior Backend Developer", "Lisbon, Portugal", AtsJobStatus.Open),
            ("Product Designer", "Berlin, Germany", AtsJobStatus.Open),
            ("Data Analyst", "Lisbon, Portugal", AtsJobStatus.Draft),
            ("100% Remote_Support", null, AtsJobStatus.Open));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<List<string>> AtsTitlesAsync(AtsJobFilter filter)
    {
        await using var scope = _db.For(_companyId);
        await using var db = await scope.Factory.CreateDbContextAsync();
        var (rows, total) = await MappingBoardQueries.AtsJobsAsync(db, _connection.Id, filter, 0, 50, default);
        Assert.Equal(rows.Count, total);
        return rows.Select(r => r.Title).ToList();
    }

    [DatabaseFact]
    public async Task Search_matches_title_or_location_case_insensitively() =>
        Assert.Equal(["Data Analyst", "Senior Backend Developer"], await AtsTitlesAsync(new AtsJobFilter(Search: "lisbon")));

    [DatabaseFact]
    public async Task Percent_and_underscore_in_a_search_are_taken_literally()
    {
        Assert.Equal(["100% Remote_Support"], await AtsTitlesAsync(new AtsJobFilter(Search: "0% r")));
        Assert.Empty(await AtsTitlesAsync(new AtsJobFilter(Search: "a_a")));
    }
}

/// <summary>The same on PostgreSQL: the searches and filters, case-insensitive there too.</summary>
[OnPostgres]
public sealed class MappingBoardQueriesOnPostgresTests : MappingBoardQueriesTests
{
    protected override bool OnPostgres => true;
}
