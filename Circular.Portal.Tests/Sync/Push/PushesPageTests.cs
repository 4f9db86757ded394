using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Push.Pages;
using Circular.Portal.Tests.Jobs;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>A connection's pushes: the filters, and Retry and Discard of a dead letter with who and when.</summary>
public sealed class PushesPageTests : BunitContext, IAsyncLifetime
{
    private const string Admin = "admin@acme.example";
    private TestDb _db = null!;
    private int _companyId;
    private int _jobId;
    private AtsConnection _connection = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _jobId, _) = await _db.SeedCompanyAsync("Acme");
        _connection = await _db.ConnectionOfAsync(_companyId, AtsKind.Lever);
        var atsJob = (await _db.AtsJobsAsync(_connection, ("Acme engineer", "Lisbon", AtsJobStatus.Open))).Single();
        await _db.LinkAsync(_jobId, atsJob);
        this.AddPortal(_db, _companyId, Admin, _db.Clock);
        this.AddPushUi();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<CandidatePush> FailedAsync(string name) =>
        await _db.PushAsync(await _db.ApplicationAsync(_companyId, _jobId, name, "Candidate"), _connection.Id, PushState.DeadLettered, p =>
        {
            p.Attempts = 1;
            p.LastError = "Lever answered 422: the posting is closed";
            p.LastStatusCode = 422;
            p.DeadLetteredAt = _db.Clock.GetUtcNow();
        }, (PushEventKind.DeadLettered, "Failed: Lever answered 422: the posting is closed"));

    private IRenderedComponent<PushesPage> RenderPage(string? filter = null)
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(filter is null ? "/integrations/lever/pushes" : $"/integrations/lever/pushes?filter={filter}");
        var page = Render<PushesPage>(p => p.Add(c => c.Vendor, "lever"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#push-list")));
        return page;
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<PushesPage> page, CandidatePush push) =>
        page.Find($"td[data-push='{push.Id}']").ParentElement!;

    [Fact]
    public async Task The_failed_filter_lists_dead_letters_with_the_vendors_own_words()
    {
        var failed = await FailedAsync("Fred");
        await _db.PushAsync(await _db.ApplicationAsync(_companyId, _jobId, "Lena", "Candidate"), _connection.Id, PushState.Sent, p => p.Result = PushResultKind.Created);

        var page = RenderPage("failed");

        Assert.Single(page.FindAll("td[data-push]"));
        var row = Row(page, failed);
        Assert.Contains("Fred Candidate", row.TextContent);
        Assert.Contains("Failed: Lever answered 422: the posting is closed", row.QuerySelector(".push-row-status")!.TextContent);
        Assert.NotNull(row.QuerySelector(".push-retry"));
        Assert.Contains("Failed (1)", page.Find("#filter-failed").TextContent);
    }

    [Fact]
    public async Task Retry_queues_the_push_again_and_records_who_and_when()
    {
        var failed = await FailedAsync("Fred");
        _db.Clock.Advance(TimeSpan.FromMinutes(30));
        var page = RenderPage();

        page.Find($"td[data-push='{failed.Id}'] button.push-retry").Click();

        page.WaitForAssertion(() => Assert.Contains($"Retried by {Admin}", Row(page, failed).QuerySelector(".push-row-audit")!.TextContent));
        var stored = await _db.StoredPushAsync(failed.Id);
        Assert.Equal(PushState.Queued, stored.State);
        Assert.Equal(0, stored.Attempts);
        Assert.Null(stored.LastError);
        Assert.Equal(Admin, stored.RetriedBy);
        Assert.Equal(_db.Clock.GetUtcNow(), stored.RetriedAt);
        Assert.Null(Row(page, failed).QuerySelector(".push-retry"));
    }

    [Fact]
    public async Task Discard_asks_first_and_keeping_it_changes_nothing()
    {
        var failed = await FailedAsync("Fred");
        var page = RenderPage();

        page.Find($"td[data-push='{failed.Id}'] button.push-discard").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Discard the push of Fred Candidate?", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep it").Click();

        _dialogs.WaitForAssertion(() => Assert.DoesNotContain("Discard the push of", _dialogs.Markup));
        var stored = await _db.StoredPushAsync(failed.Id);
        Assert.Equal(PushState.DeadLettered, stored.State);
        Assert.Null(stored.DiscardedBy);
    }

    [Fact]
    public async Task Discard_once_confirmed_records_who_and_when_and_offers_a_retry()
    {
        var failed = await FailedAsync("Fred");
        var page = RenderPage();

        page.Find($"td[data-push='{failed.Id}'] button.push-discard").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Discard the push of Fred Candidate?", _dialogs.Markup));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Discard").Click();

        page.WaitForAssertion(() => Assert.Contains($"Discarded by {Admin} at {PushText.Time(_db.Clock.GetUtcNow())}", Row(page, failed).QuerySelector(".push-row-audit")!.TextContent));
        var stored = await _db.StoredPushAsync(failed.Id);
        Assert.Equal(PushState.Discarded, stored.State);
        Assert.Equal(Admin, stored.DiscardedBy);
        Assert.Equal(_db.Clock.GetUtcNow(), stored.DiscardedAt);
        Assert.NotNull(Row(page, failed).QuerySelector(".push-retry"));
        Assert.Null(Row(page, failed).QuerySelector(".push-discard"));
    }

    [Fact]
    public async Task A_vendor_that_is_not_connected_says_so()
    {
        await FailedAsync("Fred");
        Render<MudPopoverProvider>();

        var page = Render<PushesPage>(p => p.Add(c => c.Vendor, "workable"));

        page.WaitForAssertion(() => Assert.Contains("Workable is not connected", page.Find("#not-connected").TextContent));
        Assert.Empty(page.FindAll("td[data-push]"));
    }
}
