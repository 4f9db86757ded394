using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Jobs.Pages;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Jobs;

/// <summary>The mapping board rendered over a real SQLite file, acting for one company's admin.</summary>
public sealed class MappingBoardTests : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private AtsConnection _connection = null!;
    private List<int> _atsJobs = null!;
    private List<int> _jobs = null!;
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        _companyId = await _db.CompanyAsync("Acme");
        _connection = await _db.ConnectionAsync(_companyId);
        _atsJobs = await _db.AtsJobsAsync(_connection,
            ("Senior Backend Developer", "Lisbon, Portugal", AtsJobStatus.Open),
            ("Product Designer", "Berlin, Germany", AtsJobStatus.Open),
            ("Data Analyst", "Lisbon, Portugal", AtsJobStatus.Draft),
            ("Office Manager", "London, United Kingdom", AtsJobStatus.Closed));
        _jobs = await _db.CircularJobsAsync(_companyId,
            ("Sr. Backend Engineer (.NET)", "Lisbon", JobStatus.Published),
            ("Product Designer", "Berlin", JobStatus.Published),
            ("Account Executive", "Madrid", JobStatus.Draft),
            ("Retired Role", "Paris", JobStatus.Closed));
        var globex = await _db.CompanyAsync("Globex");
        await _db.CircularJobsAsync(globex, ("Globex Secret Role", "Oslo", JobStatus.Published));

        // The real clock: MudBlazor's debounced inputs wait on the TimeProvider.
        this.AddPortal(_db, _companyId, "admin@acme.example", TimeProvider.System);
        Services.AddSingleton<MatchSuggester>();
        Services.AddScoped<JobLinker>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<MappingBoard> RenderBoard()
    {
        _popovers = Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        var board = Render<MappingBoard>(p => p.Add(b => b.Connection, _connection).Add(b => b.VendorName, "Workable"));
        board.WaitForAssertion(() =>
        {
            Assert.NotEmpty(board.FindAll("#circular-jobs .circular-job"));
            Assert.NotEmpty(board.FindAll("#ats-jobs .ats-job"));
        });
        return board;
    }

    private static List<string> Titles(IRenderedComponent<MappingBoard> board, string list) =>
        board.FindAll($"{list} [data-title]").Select(e => e.GetAttribute("data-title")!).ToList();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<MappingBoard> board, string list, string title) =>
        board.FindAll($"{list} [data-title]").Single(e => e.GetAttribute("data-title") == title);

    [Fact]
    public void The_board_shows_the_companys_published_and_draft_jobs_beside_the_open_and_draft_ats_jobs()
    {
        var board = RenderBoard();

        Assert.Equal(["Account Executive", "Product Designer", "Sr. Backend Engineer (.NET)"], Titles(board, "#circular-jobs"));
        Assert.Equal(["Data Analyst", "Product Designer", "Senior Backend Developer"], Titles(board, "#ats-jobs"));
        Assert.DoesNotContain("Globex Secret Role", board.Markup);
    }

    [Fact]
    public void An_unmapped_job_offers_its_best_match_as_a_suggestion()
    {
        var board = RenderBoard();

        var suggestion = Row(board, "#circular-jobs", "Sr. Backend Engineer (.NET)").QuerySelector(".suggestion")!;

        Assert.Contains("Suggested: Senior Backend Developer", suggestion.TextContent);
        Assert.Equal(_atsJobs[0].ToString(), suggestion.GetAttribute("data-ats-job"));
    }

    [Fact]
    public async Task Dropping_a_circular_job_on_an_ats_job_links_them()
    {
        var board = RenderBoard();

        await Row(board, "#circular-jobs", "Account Executive").TriggerEventAsync("ondragstart", new DragEventArgs());
        await Row(board, "#ats-jobs", "Data Analyst").TriggerEventAsync("ondrop", new DragEventArgs());

        board.WaitForAssertion(() => Assert.Contains("→ Data Analyst", Row(board, "#circular-jobs", "Account Executive").TextContent));
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_jobs[2], _atsJobs[2], LinkOrigin.Manual, "admin@acme.example"), (link.JobId, link.AtsJobId, link.Origin, link.LinkedBy));
    }

    [Fact]
    public async Task Linking_through_the_keyboard_selects_creates_the_link()
    {
        var board = RenderBoard();

        await PickAsync(board, "#pick-circular-job", "Account", "Account Executive · Madrid");
        await PickAsync(board, "#pick-ats-job", "Analyst", "Data Analyst · Lisbon, Portugal (draft)");
        board.WaitForAssertion(() => Assert.False(board.Find("#keyboard-link-button").HasAttribute("disabled")));
        board.Find("#keyboard-link-button").Click();

        board.WaitForAssertion(() => Assert.Contains("Linked \"Account Executive\" to Workable job \"Data Analyst\"", board.Find("#board-message").TextContent));
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_jobs[2], _atsJobs[2], LinkOrigin.Manual), (link.JobId, link.AtsJobId, link.Origin));
        board.WaitForAssertion(() => Assert.Contains("→ Data Analyst", Row(board, "#circular-jobs", "Account Executive").TextContent));
    }

    /// <summary>Types into an autocomplete, then picks the first match with Enter, as a keyboard user does.</summary>
    private async Task PickAsync(IRenderedComponent<MappingBoard> board, string selector, string text, string expected)
    {
        var input = board.Find($"input{selector}");
        await input.InputAsync(new ChangeEventArgs { Value = text });
        _popovers.WaitForElement($".mud-popover-open .mud-list-item:contains('{expected}')", TimeSpan.FromSeconds(5));
        await board.Find($"input{selector}").TriggerEventAsync("onkeyup", new KeyboardEventArgs { Key = "Enter" });
        board.WaitForAssertion(() => Assert.Equal(expected, board.Find($"input{selector}").GetAttribute("value")));
    }

    [Fact]
    public async Task A_change_over_a_link_someone_else_changed_is_refused_with_the_message_and_nothing_is_overwritten()
    {
        var seen = await _db.LinkAsync(_jobs[1], _atsJobs[1]);
        var board = RenderBoard();
        // Meanwhile another admin moves the link.
        await using (var scope = _db.For(_companyId))
        {
            var other = await new JobLinker(scope.Factory, new Circular.Portal.Sync.Push.PushOutbox(TimeProvider.System), new Circular.Portal.Sync.Push.PushSignals()).LinkAsync(_jobs[1], _atsJobs[2], seen, LinkOrigin.Manual, "other@acme.example", default);
            Assert.True(other.Succeeded);
        }

        await Row(board, "#circular-jobs", "Product Designer").TriggerEventAsync("ondragstart", new DragEventArgs());
        await Row(board, "#ats-jobs", "Senior Backend Developer").TriggerEventAsync("ondrop", new DragEventArgs());

        board.WaitForAssertion(() => Assert.Contains("changed by someone else", board.Find("#board-message").TextContent));
        var link = Assert.Single(await _db.LinksAsync());
        Assert.Equal((_atsJobs[2], "other@acme.example"), (link.AtsJobId, link.LinkedBy));
        board.WaitForAssertion(() => Assert.Contains("→ Data Analyst", Row(board, "#circular-jobs", "Product Designer").TextContent));
    }

    [Fact]
    public async Task Unlinking_removes_the_link_and_offers_suggestions_again()
    {
        await _db.LinkAsync(_jobs[0], _atsJobs[0]);
        var board = RenderBoard();

        await Row(board, "#circular-jobs", "Sr. Backend Engineer (.NET)").QuerySelector("button.unlink")!.ClickAsync(new MouseEventArgs());

        board.WaitForAssertion(() => Assert.NotNull(Row(board, "#circular-jobs", "Sr. Backend Engineer (.NET)").QuerySelector(".suggestion")));
        Assert.Empty(await _db.LinksAsync());
    }

    [Fact]
    public async Task The_mapping_filter_narrows_the_circular_list_to_mapped_or_unmapped_jobs()
    {
        await _db.LinkAsync(_jobs[1], _atsJobs[1]);
        var board = RenderBoard();

        await SelectAsync(board, "#circular-mapped", "Unmapped");
        board.WaitForAssertion(() => Assert.Equal(["Account Executive", "Sr. Backend Engineer (.NET)"], Titles(board, "#circular-jobs")));

        await SelectAsync(board, "#circular-mapped", "Mapped");
        board.WaitForAssertion(() => Assert.Equal(["Product Designer"], Titles(board, "#circular-jobs")));
    }

    [Fact]
    public async Task Search_and_status_narrow_the_ats_list()
    {
        var board = RenderBoard();

        await board.Find("input#ats-search").InputAsync(new ChangeEventArgs { Value = "lisbon" });
        board.WaitForAssertion(() => Assert.Equal(["Data Analyst", "Senior Backend Developer"], Titles(board, "#ats-jobs")), TimeSpan.FromSeconds(5));

        await SelectAsync(board, "#ats-status", "Draft");
        board.WaitForAssertion(() => Assert.Equal(["Data Analyst"], Titles(board, "#ats-jobs")));
    }

    private async Task SelectAsync(IRenderedComponent<MappingBoard> board, string selector, string item)
    {
        await board.Find(selector).Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());
        var option = _popovers.WaitForElement($".mud-popover-open .mud-list-item:contains('{item}')");
        await option.ClickAsync(new MouseEventArgs());
    }

    [Fact]
    public async Task Accepting_all_suggestions_after_confirming_links_only_the_unmapped_jobs_with_a_close_match()
    {
        var board = RenderBoard();

        board.Find("#accept-suggestions").Click();
        var confirm = _dialogs.WaitForElement(".mud-dialog button:contains('Link')");
        await confirm.ClickAsync(new MouseEventArgs());

        board.WaitForAssertion(() => Assert.Contains("by suggestion", board.Find("#board-message").TextContent));
        var links = await _db.LinksAsync();
        Assert.Contains(links, l => l.JobId == _jobs[1] && l.AtsJobId == _atsJobs[1] && l.Origin == LinkOrigin.Suggestion);
        Assert.DoesNotContain(links, l => l.JobId == _jobs[2]);
    }

    [Fact]
    public async Task A_health_notice_from_sync_shows_on_the_linked_job_and_says_candidates_are_held()
    {
        const string notice = "Closed in Workable on 3 November: candidates for this job wait until it reopens or is linked elsewhere.";
        await _db.LinkAsync(_jobs[1], _atsJobs[1], LinkHealth.ClosedInAts, notice);
        await _db.LinkAsync(_jobs[0], _atsJobs[0]);
        var board = RenderBoard();

        var warned = Row(board, "#circular-jobs", "Product Designer").QuerySelector(".health-notice")!;
        Assert.Equal(notice, warned.GetAttribute("aria-label"));
        Assert.Contains("candidates held", warned.TextContent);
        Assert.Null(Row(board, "#circular-jobs", "Sr. Backend Engineer (.NET)").QuerySelector(".health-notice"));
    }
}
