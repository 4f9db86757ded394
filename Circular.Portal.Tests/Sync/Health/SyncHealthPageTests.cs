using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Health;
using Circular.Portal.Sync.Health.Pages;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Sync.Health;

/// <summary>A connection's sync health page: each problem in words with the button that fixes it, and the week's chart.</summary>
public sealed class SyncHealthPageTests : BunitContext, IAsyncLifetime
{
    private const string Admin = "admin@acme.example";
    private TestDb _db = null!;
    private int _companyId;
    private int _jobId;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _jobId, _) = await _db.SeedCompanyAsync("Acme");
        this.AddPortal(_db, _companyId, Admin, _db.Clock);
        this.AddPushUi();
        Services.AddScoped<SyncHealth>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<SyncHealthPage> RenderPage(string vendor)
    {
        Render<MudPopoverProvider>();
        var page = Render<SyncHealthPage>(p => p.Add(c => c.Vendor, vendor));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".sync-health")), TimeSpan.FromSeconds(10));
        return page;
    }

    private async Task<int> ApplicationAsync(string name) => await _db.ApplicationAsync(_companyId, _jobId, name, "Candidate");

    private static string FixHref(IRenderedComponent<SyncHealthPage> page, string problem) =>
        page.Find($"[data-problem='{problem}'] .health-fix").GetAttribute("href")!;

    [Fact]
    public async Task Each_problem_is_said_in_words_with_the_button_that_fixes_it()
    {
        var connection = await _db.ConnectionOfAsync(_companyId, AtsKind.Lever, ConnectionState.NeedsReauth);
        await _db.PushAsync(await ApplicationAsync("Una"), null, PushState.Waiting, p => p.WaitingReason = PushWaitReason.NoLink);
        await _db.PushAsync(await ApplicationAsync("Dee"), connection.Id, PushState.DeadLettered, p =>
        {
            p.LastError = "Lever answered 422";
            p.DeadLetteredAt = _db.Clock.GetUtcNow();
        });
        await using (var scope = _db.System())
        await using (var context = await scope.Factory.CreateDbContextAsync())
        {
            context.Add(new ApplicationAtsStatus
            {
                CompanyId = _companyId, ConnectionId = connection.Id, ApplicationId = await ApplicationAsync("Nora"), VendorStatus = AtsApplicationStatus.Rejected,
                ReasonKind = AtsStatusTermKind.ArchiveReason, ReasonId = "moved", VendorReason = "Moved abroad", Resolution = StatusResolution.NeedsRule,
                ObservedAt = _db.Clock.GetUtcNow(), RecordedAt = _db.Clock.GetUtcNow(),
            });
            context.Add(new Circular.Portal.Sync.SyncRun
            {
                CompanyId = _companyId, ConnectionId = connection.Id, Kind = Circular.Portal.Sync.SyncRunKind.JobSync,
                Outcome = Circular.Portal.Sync.SyncRunOutcome.Failed, Error = "Lever answered 401", StartedAt = _db.Clock.GetUtcNow().AddMinutes(-5),
                FinishedAt = _db.Clock.GetUtcNow().AddMinutes(-4),
            });
            await context.SaveChangesAsync();
        }

        _db.Clock.Advance(TimeSpan.FromMinutes(90));

        var page = RenderPage("lever");

        Assert.Equal("/integrations/lever", FixHref(page, "reauth"));
        Assert.Contains("no longer accepts", page.Find("[data-problem='reauth']").TextContent);
        Assert.Equal("/integrations/lever/jobs", FixHref(page, "unmapped"));
        Assert.Contains("Map this job", page.Find("[data-problem='unmapped'] .health-fix").TextContent);
        Assert.Contains("1 accepted candidate waits", page.Find("[data-problem='unmapped']").TextContent);
        Assert.Equal("/integrations/lever/pushes?filter=failed", FixHref(page, "dead-letters"));
        Assert.Contains("Retry", page.Find("[data-problem='dead-letters'] .health-fix").TextContent);
        Assert.Equal("/integrations/lever/status-rules", FixHref(page, "needs-rule"));
        Assert.Contains("Add the status rule", page.Find("[data-problem='needs-rule'] .health-fix").TextContent);
        Assert.Contains("Lever answered 401", page.Find("[data-problem='run-failed-jobsync']").TextContent);
        Assert.Equal("1 pending, the oldest for 1 h 30 min", page.Find("#health-pending").TextContent.Trim());
        Assert.Contains("1 failed", page.Find("#health-dead-letters").TextContent);
        Assert.Contains("Last job sync: failed", page.Find(".health-last-run").TextContent);
    }

    [Fact]
    public async Task A_healthy_connection_shows_no_problem()
    {
        await _db.ConnectionOfAsync(_companyId, AtsKind.Workable);

        var page = RenderPage("workable");

        Assert.Empty(page.FindAll(".health-problem"));
        Assert.Single(page.FindAll("#health-ok"));
    }

    [Fact]
    public async Task The_chart_counts_the_last_seven_days_pushes_and_status_changes_by_outcome()
    {
        var connection = await _db.ConnectionOfAsync(_companyId, AtsKind.Teamtailor);
        var now = _db.Clock.GetUtcNow();
        await _db.PushAsync(await ApplicationAsync("Sam"), connection.Id, PushState.Sent, p => p.SentAt = now);
        await _db.PushAsync(await ApplicationAsync("Sue"), connection.Id, PushState.Sent, p => p.SentAt = now.AddDays(-2));
        await _db.PushAsync(await ApplicationAsync("Old"), connection.Id, PushState.Sent, p => p.SentAt = now.AddDays(-9));
        await _db.PushAsync(await ApplicationAsync("Fay"), connection.Id, PushState.DeadLettered, p => p.DeadLetteredAt = now.AddDays(-1));
        await using (var scope = _db.System())
        await using (var context = await scope.Factory.CreateDbContextAsync())
        {
            foreach (var (name, resolution, daysAgo) in new[] { ("Hal", StatusResolution.Hired, 0), ("Rex", StatusResolution.Rejected, 0), ("Rob", StatusResolution.Rejected, 3) })
            {
                context.Add(new ApplicationAtsStatus
                {
                    CompanyId = _companyId, ConnectionId = connection.Id, ApplicationId = await ApplicationAsync(name), VendorStatus = AtsApplicationStatus.Hired,
                    Resolution = resolution, ObservedAt = now.AddDays(-daysAgo), RecordedAt = now.AddDays(-daysAgo),
                });
            }
            await context.SaveChangesAsync();
        }

        var page = RenderPage("teamtailor");
        var series = page.FindComponent<SyncHealthView>().Instance.ChartSeries.ToDictionary(s => s.Name, s => s.Data.Values.ToArray());

        // Seven days, oldest first; today is the last.
        Assert.All(series.Values, v => Assert.Equal(7, v.Length));
        Assert.Equal(new double[] { 0, 0, 0, 0, 1, 0, 1 }, series["Pushes sent"]);
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 1, 0 }, series["Pushes failed"]);
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 0, 1 }, series["Hired"]);
        Assert.Equal(new double[] { 0, 0, 0, 1, 0, 0, 1 }, series["Rejected"]);
        Assert.Equal(0, series["Withdrawn"].Sum());
        Assert.Single(page.FindAll("#health-chart svg"));
    }
}
