using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Jobs;

public class JobLinkerTests : IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private List<int> _jobs = null!;
    private List<int> _atsJobs = null!;

    /// <summary>True in the PostgreSQL run of these tests.</summary>
    protected virtual bool OnPostgres => false;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync(OnPostgres);
        _companyId = await _db.CompanyAsync("Acme");
        var connection = await _db.ConnectionAsync(_companyId);
        _atsJobs = await _db.AtsJobsAsync(connection,
            ("Senior Backend Developer", "Lisbon", AtsJobStatus.Open), ("Product Designer", "Berlin", AtsJobStatus.Open), ("Data Analyst", "Lisbon", AtsJobStatus.Open));
        _jobs = await _db.CircularJobsAsync(_companyId,
            ("Sr. Backend Engineer (.NET)", "Lisbon", JobStatus.Published), ("Product Designer", "Berlin", JobStatus.Published), ("Data Analyst", "Lisbon", JobStatus.Draft));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>One admin's circuit: its own scope acting for the company, with its own linker.</summary>
    private async Task<T> AsAdminAsync<T>(Func<JobLinker, Task<T>> act, int? companyId = null)
    {
        await using var scope = _db.For(companyId ?? _companyId);
        return await act(new JobLinker(scope.Factory, new Circular.Portal.Sync.Push.PushOutbox(TimeProvider.System), new Circular.Portal.Sync.Push.PushSignals()));
    }

    private Task<LinkResult> LinkAsync(int job, int atsJob, Guid? seen, int? companyId = null) =>
        AsAdminAsync(l => l.LinkAsync(job, atsJob, seen, LinkOrigin.Manual, "admin@acme.example", default), companyId);

    [DatabaseFact]
    public async Task Linking_an_unlinked_job_stores_the_link_with_who_and_the_ats_title()
    {
        var result = await LinkAsync(_jobs[0], _atsJobs[0], seen: null);

        Assert.Equal(LinkOutcome.Linked, result.Outcome);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_jobs[0], _atsJobs[0], _companyId), (link.JobId, link.AtsJobId, link.CompanyId));
        Assert.Equal("admin@acme.example", link.LinkedBy);
        Assert.Equal("Senior Backend Developer", link.TitleAtLink);
        Assert.Equal(LinkOrigin.Manual, link.Origin);
        Assert.Equal(result.Version, link.Version);
    }

    [DatabaseFact]
    public async Task Linking_to_a_job_closed_in_the_ATS_is_refused_and_nothing_is_written()
    {
        var connection = await _db.ConnectionAsync(_companyId, AtsKind.Lever);
        var closed = (await _db.AtsJobsAsync(connection, ("Backend Engineer", "Lisbon", AtsJobStatus.Closed)))[0];

        var result = await LinkAsync(_jobs[0], closed, seen: null);

        Assert.Equal(LinkOutcome.Unavailable, result.Outcome);
        Assert.Contains("\"Backend Engineer\" is closed in the ATS", result.Message);
        Assert.Empty(await _db.LinksAsync());
    }

    [DatabaseFact]
    public async Task Relinking_a_flagged_link_clears_what_sync_said_about_the_old_ats_job()
    {
        var version = await _db.LinkAsync(_jobs[0], _atsJobs[0], LinkHealth.ClosedInAts, "closed; candidates are held");

        var result = await LinkAsync(_jobs[0], _atsJobs[2], version);

        Assert.True(result.Succeeded, result.Message);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal(LinkHealth.Healthy, link.Health);
        Assert.Null(link.HealthNotice);
        Assert.False(link.HoldsCandidates);
    }

    [DatabaseFact]
    public async Task Relinking_with_the_seen_version_moves_the_link_and_gives_it_a_new_version()
    {
        var first = await LinkAsync(_jobs[0], _atsJobs[0], seen: null);

        var second = await LinkAsync(_jobs[0], _atsJobs[2], first.Version);

        Assert.Equal(LinkOutcome.Linked, second.Outcome);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal(_atsJobs[2], link.AtsJobId);
        Assert.NotEqual(first.Version, link.Version);
        Assert.Equal(second.Version, link.Version);
    }

    [DatabaseFact]
    public async Task Unlinking_with_the_seen_version_removes_the_link()
    {
        var linked = await LinkAsync(_jobs[1], _atsJobs[1], seen: null);

        var result = await AsAdminAsync(l => l.UnlinkAsync(_jobs[1], linked.Version!.Value, default));

        Assert.Equal(LinkOutcome.Unlinked, result.Outcome);
        Assert.Empty(await _db.LinksAsync());
    }

    [DatabaseFact]
    public async Task A_second_admin_saving_over_a_link_changed_since_they_looked_is_refused_and_the_first_admins_link_stays()
    {
        var seenByBoth = await _db.LinkAsync(_jobs[0], _atsJobs[0]);
        var firstAdmin = await LinkAsync(_jobs[0], _atsJobs[1], seenByBoth);

        var secondAdmin = await LinkAsync(_jobs[0], _atsJobs[2], seenByBoth);

        Assert.Equal(LinkOutcome.Linked, firstAdmin.Outcome);
        Assert.Equal(LinkOutcome.Stale, secondAdmin.Outcome);
        Assert.Contains("changed by someone else", secondAdmin.Message);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal(_atsJobs[1], link.AtsJobId);
        Assert.Equal(firstAdmin.Version, link.Version);
    }

    [DatabaseFact]
    public async Task Two_admins_linking_the_same_unlinked_job_keep_the_first_link_and_refuse_the_second()
    {
        var firstAdmin = await LinkAsync(_jobs[0], _atsJobs[0], seen: null);

        var secondAdmin = await LinkAsync(_jobs[0], _atsJobs[2], seen: null);

        Assert.Equal(LinkOutcome.Stale, secondAdmin.Outcome);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_atsJobs[0], firstAdmin.Version), (link.AtsJobId, (Guid?)link.Version));
    }

    [DatabaseFact]
    public async Task An_unlink_naming_a_version_changed_since_is_refused_and_the_link_stays()
    {
        var seen = await _db.LinkAsync(_jobs[0], _atsJobs[0]);
        var relinked = await LinkAsync(_jobs[0], _atsJobs[1], seen);

        var unlink = await AsAdminAsync(l => l.UnlinkAsync(_jobs[0], seen, default));

        Assert.Equal(LinkOutcome.Stale, unlink.Outcome);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_atsJobs[1], relinked.Version), (link.AtsJobId, (Guid?)link.Version));
    }

    [DatabaseFact]
    public async Task A_circular_job_links_to_one_ats_job_at_most_while_an_ats_job_may_serve_several()
    {
        var first = await LinkAsync(_jobs[0], _atsJobs[0], seen: null);
        await LinkAsync(_jobs[0], _atsJobs[1], first.Version);
        await LinkAsync(_jobs[2], _atsJobs[1], seen: null);

        var links = await _db.LinksAsync();

        Assert.Single(links, l => l.JobId == _jobs[0]);
        Assert.Equal(_atsJobs[1], links.Single(l => l.JobId == _jobs[0]).AtsJobId);
        Assert.Equal(2, links.Count(l => l.AtsJobId == _atsJobs[1]));
    }

    [DatabaseFact]
    public async Task Another_companys_jobs_are_not_found_and_nothing_is_written()
    {
        var otherCompany = await _db.CompanyAsync("Globex");
        var otherConnection = await _db.ConnectionAsync(otherCompany);
        var otherAtsJob = (await _db.AtsJobsAsync(otherConnection, ("Backend Engineer", null, AtsJobStatus.Open)))[0];
        var otherJob = (await _db.CircularJobsAsync(otherCompany, ("Backend Engineer", "", JobStatus.Published)))[0];

        var theirAtsJob = await LinkAsync(_jobs[0], otherAtsJob, seen: null);
        var theirJob = await LinkAsync(otherJob, _atsJobs[0], seen: null);
        var asThem = await LinkAsync(_jobs[0], _atsJobs[0], seen: null, companyId: otherCompany);

        Assert.All([theirAtsJob, theirJob, asThem], r => Assert.Equal(LinkOutcome.NotFound, r.Outcome));
        Assert.Empty(await _db.LinksAsync());
    }

    [DatabaseFact]
    public async Task Accepting_many_suggestions_links_the_free_jobs_and_skips_one_linked_meanwhile()
    {
        await _db.LinkAsync(_jobs[1], _atsJobs[0]);

        var linked = await AsAdminAsync(l => l.LinkManyAsync([(_jobs[0], _atsJobs[0]), (_jobs[1], _atsJobs[1]), (_jobs[2], _atsJobs[2])], "admin@acme.example", default));

        Assert.Equal(2, linked);
        var links = await _db.LinksAsync();
        Assert.Equal(_atsJobs[0], links.Single(l => l.JobId == _jobs[1]).AtsJobId);
        Assert.Equal(LinkOrigin.Suggestion, links.Single(l => l.JobId == _jobs[0]).Origin);
        Assert.Equal(_atsJobs[2], links.Single(l => l.JobId == _jobs[2]).AtsJobId);
    }

    [DatabaseFact]
    public async Task Accepting_many_suggestions_skips_closed_and_unknown_ats_jobs_and_records_who_linked()
    {
        var connection = await _db.ConnectionAsync(_companyId, AtsKind.Lever);
        var closed = (await _db.AtsJobsAsync(connection, ("Closed Role", "Lisbon", AtsJobStatus.Closed)))[0];

        var linked = await AsAdminAsync(l => l.LinkManyAsync([(_jobs[0], closed), (_jobs[1], 999_999), (_jobs[2], _atsJobs[2])], "admin@acme.example", default));

        Assert.Equal(1, linked);
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_jobs[2], _atsJobs[2], LinkOrigin.Suggestion, "admin@acme.example"), (link.JobId, link.AtsJobId, link.Origin, link.LinkedBy));
        Assert.Equal(LinkHealth.Healthy, link.Health);
    }
}

/// <summary>The same on PostgreSQL: linking, bulk link and the concurrency checks.</summary>
[OnPostgres]
public sealed class JobLinkerOnPostgresTests : JobLinkerTests
{
    protected override bool OnPostgres => true;
}
