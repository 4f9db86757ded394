using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Jobs;

/// <summary>The one-click import against each vendor's Sandbox: counts, carried fields, idempotence, updates, rollback, background progress.</summary>
[Collection(IntegrationCollection.Name)]
public class JobImportTests(IntegrationFixture fixture)
{
    private async Task<T> WithImporterAsync<T>(int companyId, Func<JobImporter, Task<T>> action)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await action(scope.ServiceProvider.GetRequiredService<JobImporter>());
    }

    private Task<List<AtsJob>> SnapshotAsync(int connectionId) =>
        fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId).OrderBy(a => a.Id).ToListAsync());

    private Task<List<Job>> CompanyJobsAsync(int companyId) =>
        fixture.Portal.QueryAsync(db => db.Jobs.Where(j => j.CompanyId == companyId).ToListAsync());

    [DatabaseTheory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    [InlineData(AtsKind.Lever)]
    public async Task Import_creates_one_linked_job_per_open_ATS_job_and_importing_again_creates_nothing(AtsKind kind)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync($"Import {kind} Co");
        var connectionId = await fixture.ConnectAsync(companyId, kind);
        var snapshot = await SnapshotAsync(connectionId);
        // Internal and confidential jobs are open but left to the admin's switch.
        var open = snapshot.Where(a => a.Status == AtsJobStatus.Open && !a.Internal).ToList();
        Assert.NotEmpty(open);

        var preview = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, includeDrafts: false, default));
        Assert.Equal(open.Count, preview.New);
        Assert.Equal(snapshot.Count(a => a.Status == AtsJobStatus.Open && a.Internal), preview.SkippedInternal);
        Assert.Equal(0, preview.AlreadyLinked);
        Assert.Equal(snapshot.Count(a => a.Status == AtsJobStatus.Closed), preview.SkippedClosed);
        Assert.Equal(snapshot.Count(a => a.Status == AtsJobStatus.Draft), preview.SkippedDraft);

        var result = await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, true, "admin@test", null, default));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(open.Count, result.Created);
        var jobs = await CompanyJobsAsync(companyId);
        Assert.Equal(open.Count, jobs.Count);
        var links = await fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.CompanyId == companyId).ToListAsync());
        Assert.Equal(open.Select(a => a.Id).Order(), links.Select(l => l.AtsJobId).Order());
        Assert.All(links, l => Assert.Equal(LinkOrigin.Import, l.Origin));
        foreach (var link in links)
        {
            var source = open.Single(a => a.Id == link.AtsJobId);
            var job = jobs.Single(j => j.Id == link.JobId);
            Assert.Equal(source.Title, job.Title);
            Assert.Equal(source.Location ?? "", job.Location);
            Assert.Equal(source.Department ?? "", job.Department);
            Assert.Equal(JobStatus.Published, job.Status);
            Assert.DoesNotContain("<script", job.Description, StringComparison.OrdinalIgnoreCase);
        }

        var again = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, false, default));
        Assert.Equal(0, again.New);
        Assert.Equal(open.Count, again.AlreadyLinked);
        var second = await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, true, "admin@test", null, default));
        Assert.True(second.Succeeded);
        Assert.Equal(0, second.Created);
        Assert.Equal(open.Count, (await CompanyJobsAsync(companyId)).Count);
    }

    [DatabaseTheory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Lever)]
    [InlineData(AtsKind.Recruitee)]
    public async Task Internal_jobs_are_skipped_unless_the_switch_includes_them_and_then_arrive_as_published_jobs(AtsKind kind)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync($"Internal {kind} Co");
        var connectionId = await fixture.ConnectAsync(companyId, kind, 20);
        var internals = (await SnapshotAsync(connectionId)).Where(a => a.Status == AtsJobStatus.Open && a.Internal).ToList();
        Assert.NotEmpty(internals);
        Assert.All(internals, a => Assert.False(string.IsNullOrEmpty(a.VendorState)));

        var without = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, false, includeInternal: false, default));
        var with = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, false, includeInternal: true, default));
        Assert.Equal(internals.Count, without.SkippedInternal);
        Assert.Equal(without.New + internals.Count, with.New);

        await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, includeInternal: true, true, "admin@test", null, default));
        var linked = await fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.CompanyId == companyId).Select(l => l.AtsJobId).ToListAsync());
        Assert.All(internals, a => Assert.Contains(a.Id, linked));
    }

    [DatabaseFact]
    public async Task Drafts_are_skipped_unless_the_switch_includes_them_and_then_arrive_as_Circular_drafts()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Drafts Co");
        var connectionId = await fixture.ConnectAsync(companyId, AtsKind.Workable, 20);
        var drafts = (await SnapshotAsync(connectionId)).Where(a => a.Status == AtsJobStatus.Draft).ToList();
        Assert.NotEmpty(drafts);

        var without = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, includeDrafts: false, default));
        var with = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, includeDrafts: true, default));
        Assert.Equal(drafts.Count, without.SkippedDraft);
        Assert.Equal(0, with.SkippedDraft);
        Assert.Equal(without.New + drafts.Count, with.New);

        await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, includeDrafts: true, true, "admin@test", null, default));

        var jobs = await CompanyJobsAsync(companyId);
        Assert.Equal(drafts.Count, jobs.Count(j => j.Status == JobStatus.Draft));
        Assert.All(drafts, d => Assert.Contains(jobs, j => j.Title == d.Title && j.Status == JobStatus.Draft));
    }

    [DatabaseFact]
    public async Task A_job_renamed_in_the_ATS_is_offered_as_an_update_and_applying_it_changes_the_linked_job_instead_of_adding_one()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Update Co");
        var connectionId = await fixture.ConnectAsync(companyId, AtsKind.Workable, 12);
        await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, true, "admin@test", null, default));
        var before = await CompanyJobsAsync(companyId);
        // An open job the preview shows (it leaves internal ones out); rows come in no particular order on PostgreSQL.
        var target = (await SnapshotAsync(connectionId)).First(a => a.Status == AtsJobStatus.Open && !a.Internal);
        var account = await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.Account!).SingleAsync());

        fixture.Emulator<WorkableEmulator>().UpdateJob(account, target.ExternalId, "Principal Platform Engineer (Renamed)");
        await fixture.SyncNowAsync(connectionId);

        var preview = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, false, default));
        Assert.Equal(0, preview.New);
        Assert.Equal(1, preview.Changed);
        var skipped = await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, applyUpdates: false, "admin@test", null, default));
        Assert.Equal(0, skipped.Updated);
        Assert.DoesNotContain(await CompanyJobsAsync(companyId), j => j.Title == "Principal Platform Engineer (Renamed)");

        var result = await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, applyUpdates: true, "admin@test", null, default));

        Assert.Equal(0, result.Created);
        Assert.Equal(1, result.Updated);
        var after = await CompanyJobsAsync(companyId);
        Assert.Equal(before.Count, after.Count);
        var linkedJobId = await fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.AtsJobId == target.Id).Select(l => l.JobId).SingleAsync());
        Assert.Equal("Principal Platform Engineer (Renamed)", after.Single(j => j.Id == linkedJobId).Title);
        Assert.Equal(0, (await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, false, default))).Changed);
    }

    [DatabaseFact]
    public async Task A_failure_half_way_leaves_no_job_and_no_link_behind()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Rollback Co");
        var connectionId = await fixture.ConnectAsync(companyId, AtsKind.Workable, 12);
        await AddSnapshotJobsAsync(companyId, connectionId, JobImporter.BatchSize + 50);
        var failAfterFirstBatch = new FailingProgress();

        await Assert.ThrowsAsync<IOException>(() =>
            WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, true, "admin@test", failAfterFirstBatch, default)));

        Assert.Equal(JobImporter.BatchSize, failAfterFirstBatch.Reported);
        Assert.Empty(await CompanyJobsAsync(companyId));
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.JobLinks.CountAsync(l => l.CompanyId == companyId)));

        var retry = await WithImporterAsync(companyId, i => i.ImportAsync(connectionId, false, true, "admin@test", null, default));
        Assert.True(retry.Succeeded);
        Assert.Equal(retry.Created, (await CompanyJobsAsync(companyId)).Count);
    }

    [DatabaseFact]
    public async Task A_large_import_runs_in_the_background_with_progress_and_reports_its_result()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Large Import Co");
        var connectionId = await fixture.ConnectAsync(companyId, AtsKind.Workable, 10);
        await AddSnapshotJobsAsync(companyId, connectionId, 2_100);
        var preview = await WithImporterAsync(companyId, i => i.PreviewAsync(connectionId, false, default));
        Assert.True(preview.New > 2_000);
        var runner = fixture.Portal.Services.GetRequiredService<ImportRunner>();
        var seen = new List<ImportProgress>();
        var finished = new TaskCompletionSource();
        Task OnChanged(int id)
        {
            if (id != connectionId) return Task.CompletedTask;
            var progress = runner.Progress(id)!;
            lock (seen) seen.Add(progress);
            if (!progress.Running) finished.TrySetResult();
            return Task.CompletedTask;
        }
        runner.Changed += OnChanged;
        try
        {
            Assert.True(runner.Start(companyId, connectionId, preview.New, false, true, "admin@test"));
            Assert.False(runner.Start(companyId, connectionId, preview.New, false, true, "admin@test"));
            await finished.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            runner.Changed -= OnChanged;
        }

        var last = runner.Progress(connectionId)!;
        Assert.True(last.Result!.Succeeded, last.Result.Message);
        Assert.Equal(preview.New, last.Result.Created);
        Assert.Equal(preview.New, (await CompanyJobsAsync(companyId)).Count);
        List<int> done;
        lock (seen) done = seen.Where(p => p.Running).Select(p => p.Done).ToList();
        Assert.True(done.Count >= 5, $"only {done.Count} progress reports");
        Assert.Equal(done.Order(), done);
    }

    [DatabaseFact]
    public void Descriptions_keep_formatting_but_lose_scripts_handlers_styles_and_unsafe_links()
    {
        var sanitizer = new DescriptionSanitizer();

        var clean = sanitizer.Sanitize("""
            <h2 style="color:red">About</h2><p onclick="steal()">We <strong>build</strong> things.<script>alert(1)</script></p>
            <ul><li>C#</li></ul><a href="javascript:alert(1)">x</a><a href="https://example.com/apply">Apply</a><iframe src="https://evil.example"></iframe><img src=x onerror=alert(1)>
            """);

        Assert.Contains("<h2>About</h2>", clean);
        Assert.Contains("<strong>build</strong>", clean);
        Assert.Contains("<li>C#</li>", clean);
        Assert.Contains("href=\"https://example.com/apply\"", clean);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", clean);
        foreach (var banned in new[] { "script", "onclick", "style=", "javascript:", "iframe", "<img", "onerror" })
            Assert.DoesNotContain(banned, clean, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Writes generated vendor jobs into the connection's snapshot the way sync does, for volumes the Sandbox would take long to page.</summary>
    private async Task AddSnapshotJobsAsync(int companyId, int connectionId, int count)
    {
        await using var scope = fixture.ScopeFor(companyId);
        var connection = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
        var writer = scope.ServiceProvider.GetRequiredService<JobSnapshotWriter>();
        var records = Enumerable.Range(1, count).Select(i => new AtsJobRecord(
            $"bulk-{i}", $"Bulk role {i:D4}", AtsJobStatus.Open, "Remote", "Engineering", "Full-time", "<p>Bulk</p>", DateTimeOffset.UtcNow, null)).ToList();
        foreach (var batch in records.Chunk(500)) await writer.UpsertAsync(connection, batch, default);
    }

    /// <summary>Stands for a crash after the first batch was written: the process goes away mid-import.</summary>
    private sealed class FailingProgress : IProgress<int>
    {
        public int Reported { get; private set; }

        public void Report(int value)
        {
            Reported = value;
            throw new IOException("disk went away");
        }
    }
}

/// <summary>The same on PostgreSQL (re-import without duplicates, concurrency tokens as xmin).</summary>
[OnPostgres]
[Collection(PostgresIntegrationCollection.Name)]
public sealed class JobImportOnPostgresTests(PostgresIntegrationFixture fixture) : JobImportTests(fixture);
