using Circular.Portal.Data;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Jobs;

/// <summary>
/// Import and mapping against each vendor's Sandbox, through the classes the Import and Map tabs call (the browser
/// journey in <c>JobMappingJourneyTests</c> drives the same for Workable through the UI).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ImportAndMapEveryVendorTests(IntegrationFixture fixture)
{
    [Theory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Lever)]
    public async Task The_vendors_open_jobs_import_once_and_a_circular_job_maps_to_its_suggested_ats_job(AtsKind kind)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync($"Import and map {kind} Co");
        var connectionId = await fixture.ConnectAsync(companyId, kind, 12);
        var open = await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && !a.Internal && a.MissingSince == null));
        Assert.True(open > 0, $"{kind} sandbox account has no open job");
        await using var scope = fixture.ScopeFor(companyId);
        var importer = scope.ServiceProvider.GetRequiredService<JobImporter>();

        var preview = await importer.PreviewAsync(connectionId, includeDrafts: false, default);
        var result = await ImportAsync(companyId, connectionId, preview.New);
        var again = await importer.PreviewAsync(connectionId, includeDrafts: false, default);

        Assert.Equal(open, preview.New);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(open, result.Created);
        Assert.Equal((0, open), (again.New, again.AlreadyLinked));

        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var target = await fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.Title, a.Location }).FirstAsync());
        int jobId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var job = new Job { Title = "Sr. " + target.Title + " (m/w/d)", Location = target.Location ?? "", Status = JobStatus.Published };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            jobId = job.Id;
        }
        MatchSuggestion suggestion;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var suggester = scope.ServiceProvider.GetRequiredService<MatchSuggester>();
            var pool = suggester.Prepare(await MappingBoardQueries.SuggestionTargetsAsync(db, connectionId, default));
            var unmapped = Assert.Single(await MappingBoardQueries.UnmappedJobsAsync(db, default));
            suggestion = suggester.Rank(unmapped, pool, take: 1).Single();
        }
        Assert.Equal(target.Title, suggestion.Title);
        var linked = await scope.ServiceProvider.GetRequiredService<JobLinker>().LinkAsync(jobId, suggestion.AtsJobId, null, LinkOrigin.Suggestion, "admin", default);

        Assert.True(linked.Succeeded, linked.Message);
        await using (var db = await factory.CreateDbContextAsync())
        {
            var (rows, _) = await MappingBoardQueries.CircularJobsAsync(db, new CircularJobFilter(Mapped: MappedFilter.Mapped), 0, 500, default);
            Assert.Equal(open + 1, rows.Count);
            Assert.Equal(suggestion.AtsJobId, rows.Single(r => r.Id == jobId).Link!.AtsJobId);
        }
    }

    /// <summary>As the Import tab does: in the background through the runner, until it reports a result.</summary>
    private async Task<ImportResult> ImportAsync(int companyId, int connectionId, int total)
    {
        var runner = fixture.Portal.Services.GetRequiredService<ImportRunner>();
        Assert.True(runner.Start(companyId, connectionId, total, includeDrafts: false, applyUpdates: true, "admin"));
        var until = DateTime.UtcNow.AddSeconds(30);
        ImportResult? result;
        while ((result = runner.Progress(connectionId) is { Running: false } done ? done.Result : null) is null)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Import still running: {runner.Progress(connectionId)}");
            await Task.Delay(50);
        }
        // The last word stays the result: no late progress report may turn it back into "running".
        await Task.Delay(200);
        Assert.False(runner.Progress(connectionId)!.Running);
        return result;
    }
}
