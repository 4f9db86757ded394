using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Jobs.Pages;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Jobs;

/// <summary>The Import tab rendered over a real SQLite file: preview counts, the drafts switch, the state of the sync, and the import itself.</summary>
public sealed class ImportPanelTests : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private AtsConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        _companyId = await _db.CompanyAsync("Acme");
        _connection = await _db.ConnectionAsync(_companyId);
        await _db.AtsJobsAsync(_connection,
            ("Senior Backend Developer", "Lisbon", AtsJobStatus.Open), ("Product Designer", "Berlin", AtsJobStatus.Open),
            ("Data Analyst", "Lisbon", AtsJobStatus.Draft), ("Office Manager", "London", AtsJobStatus.Closed));

        this.AddPortal(_db, _companyId, "admin@acme.example", TimeProvider.System);
        Services.AddSingleton<DescriptionSanitizer>();
        Services.AddScoped<JobImporter>();
        Services.AddSingleton<ImportRunner>();
        Services.AddSingleton<SyncEvents>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<ImportPanel> RenderPanel()
    {
        Render<MudPopoverProvider>();
        var panel = Render<ImportPanel>(p => p.Add(c => c.Connection, _connection).Add(c => c.VendorName, "Workable"));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("#preview-new")));
        return panel;
    }

    private async Task SetStateAsync(ConnectionState state)
    {
        await using var scope = _db.System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        await db.Connections.Where(c => c.Id == _connection.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.State, state));
    }

    [Fact]
    public void The_preview_counts_new_jobs_and_skips_closed_and_draft_ones()
    {
        var panel = RenderPanel();

        Assert.Equal("New: 2", panel.Find("#preview-new").TextContent.Trim());
        Assert.Equal("Already linked: 0", panel.Find("#preview-linked").TextContent.Trim());
        Assert.Equal("Skipped, closed: 1", panel.Find("#preview-closed").TextContent.Trim());
        Assert.Equal("Skipped, draft: 1", panel.Find("#preview-draft").TextContent.Trim());
        Assert.Contains("Product Designer, Senior Backend Developer", panel.Markup);
        Assert.Empty(panel.FindAll("#import-syncing"));
    }

    [Fact]
    public void Switching_drafts_on_counts_them_as_new()
    {
        var panel = RenderPanel();

        panel.FindComponent<MudSwitch<bool>>().Find("input").Change(true);

        panel.WaitForAssertion(() => Assert.Equal("New: 3", panel.Find("#preview-new").TextContent.Trim()));
        Assert.Equal("Skipped, draft: 0", panel.Find("#preview-draft").TextContent.Trim());
    }

    [Fact]
    public async Task While_the_first_sync_runs_the_panel_says_so_and_follows_it_live()
    {
        await SetStateAsync(ConnectionState.Syncing);
        var panel = RenderPanel();
        Assert.NotEmpty(panel.FindAll("#import-syncing"));

        await _db.AtsJobsAsync(_connection, ("Account Executive", "Madrid", AtsJobStatus.Open));
        await SetStateAsync(ConnectionState.Connected);
        await Services.GetRequiredService<SyncEvents>().PublishAsync(_companyId);

        panel.WaitForAssertion(() => Assert.Equal("New: 3", panel.Find("#preview-new").TextContent.Trim()));
        Assert.Empty(panel.FindAll("#import-syncing"));
    }

    [Fact]
    public async Task The_preview_names_the_jobs_changed_in_the_ATS()
    {
        var jobId = (await _db.CircularJobsAsync(_companyId, ("Senior Backend Developer", "Lisbon", Circular.Portal.Marketplace.JobStatus.Published)))[0];
        var atsJobId = await AtsJobIdAsync("Senior Backend Developer");
        await _db.LinkAsync(jobId, atsJobId);
        await UpdateAtsJobAsync(atsJobId, a => a.SetProperty(j => j.Title, "Staff Backend Developer"));

        var panel = RenderPanel();

        Assert.Equal("Changed in the ATS: 1", panel.Find("#preview-changed").TextContent.Trim());
        Assert.Contains("Staff Backend Developer", panel.Find("#preview-changed-titles").TextContent);
    }

    [Fact]
    public async Task The_preview_warns_when_a_Circular_job_with_the_same_title_already_exists()
    {
        await _db.CircularJobsAsync(_companyId, ("Product Designer", "Berlin", Circular.Portal.Marketplace.JobStatus.Published));

        var panel = RenderPanel();

        var warning = panel.Find("#preview-same-title").TextContent;
        Assert.Contains("Product Designer", warning);
        Assert.DoesNotContain("Senior Backend Developer", warning);
    }

    [Fact]
    public async Task Internal_jobs_are_counted_apart_and_the_switch_includes_them()
    {
        await UpdateAtsJobAsync(await AtsJobIdAsync("Product Designer"), a => a.SetProperty(j => j.Internal, true).SetProperty(j => j.VendorState, "internal"));

        var panel = RenderPanel();
        Assert.Equal("New: 1", panel.Find("#preview-new").TextContent.Trim());
        Assert.Equal("Skipped, internal or confidential: 1", panel.Find("#preview-internal").TextContent.Trim());

        panel.FindComponents<MudSwitch<bool>>()[1].Find("input").Change(true);

        panel.WaitForAssertion(() => Assert.Equal("New: 2", panel.Find("#preview-new").TextContent.Trim()));
        Assert.Equal("Skipped, internal or confidential: 0", panel.Find("#preview-internal").TextContent.Trim());
    }

    private async Task<int> AtsJobIdAsync(string title)
    {
        await using var scope = _db.System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        return await db.AtsJobs.Where(a => a.Title == title).Select(a => a.Id).SingleAsync();
    }

    private async Task UpdateAtsJobAsync(int id, Func<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<AtsJob>, Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<AtsJob>> set)
    {
        await using var scope = _db.System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        await db.AtsJobs.Where(a => a.Id == id).ExecuteUpdateAsync(u => set(u));
    }

    [Fact]
    public async Task A_connection_that_needs_reconnecting_is_named_beside_the_preview()
    {
        await SetStateAsync(ConnectionState.NeedsReauth);

        var panel = RenderPanel();

        Assert.Contains("needs to be reconnected", panel.Find("#import-needs-reauth").TextContent);
    }

    [Fact]
    public async Task Importing_creates_the_linked_jobs_reports_it_and_the_preview_then_shows_them_linked()
    {
        var panel = RenderPanel();

        await panel.Find("#import-button").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains("Imported 2 new jobs", panel.Find("#import-result").TextContent), TimeSpan.FromSeconds(10));
        panel.WaitForAssertion(() => Assert.Equal("Already linked: 2", panel.Find("#preview-linked").TextContent.Trim()));
        Assert.Equal(2, (await _db.LinksAsync()).Count);
        Assert.True(panel.Find("#import-button").HasAttribute("disabled"));
        // The ATS gave no employment type: unknown stays unknown rather than becoming full-time.
        await using var scope = _db.System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        Assert.All(await db.Jobs.ToListAsync(), j => Assert.Null(j.EmploymentType));
    }
}
