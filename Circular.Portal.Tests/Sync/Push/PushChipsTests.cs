using Bunit;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Pages;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Push.Pages;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>The push chip of each inbox row and the pending and failed counts of an integration card.</summary>
public sealed class PushChipsTests : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private int _jobId;
    private int _connectionId;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _jobId, _) = await _db.SeedCompanyAsync("Acme");
        _connectionId = (await _db.ConnectionOfAsync(_companyId, AtsKind.Lever)).Id;
        this.AddPortal(_db, _companyId, "admin@acme.example", _db.Clock);
        this.AddPushUi();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<CandidatePush> AcceptedAsync(string name, PushState state, Action<CandidatePush>? shape = null)
    {
        var applicationId = await _db.ApplicationAsync(_companyId, _jobId, name, "Candidate");
        return await _db.PushAsync(applicationId, state == PushState.Waiting ? null : _connectionId, state, shape);
    }

    private static string? ChipOf(IRenderedComponent<CandidateInbox> inbox, string name) =>
        inbox.FindAll("#candidate-inbox tr").SingleOrDefault(r => r.TextContent.Contains(name))?.QuerySelector(".push-chip")?.TextContent.Trim();

    [Fact]
    public async Task Each_inbox_row_shows_where_its_push_is()
    {
        await AcceptedAsync("Quinn", PushState.Queued);
        await AcceptedAsync("Wanda", PushState.Waiting, p => p.WaitingReason = PushWaitReason.NoLink);
        await AcceptedAsync("Lena", PushState.Sent, p => p.Result = PushResultKind.Created);
        await AcceptedAsync("Fred", PushState.DeadLettered, p => p.LastError = "Lever answered 422: email is invalid");
        Render<MudPopoverProvider>();

        var inbox = Render<CandidateInbox>(p => p.Add(c => c.JobId, _jobId));
        inbox.WaitForAssertion(() => Assert.Equal(5, inbox.FindAll("td[data-application]").Count));

        Assert.Equal("Queued", ChipOf(inbox, "Quinn"));
        Assert.Equal("Waiting", ChipOf(inbox, "Wanda"));
        Assert.Equal("In Lever", ChipOf(inbox, "Lena"));
        Assert.Equal("Failed", ChipOf(inbox, "Fred"));
        Assert.Null(ChipOf(inbox, "Test Acme"));
        Assert.Equal(4, inbox.FindAll(".push-chip").Count);
    }

    [Fact]
    public async Task The_inbox_chip_turns_to_In_Lever_live_when_the_push_goes_out()
    {
        var push = await AcceptedAsync("Quinn", PushState.Queued);
        Render<MudPopoverProvider>();
        var inbox = Render<CandidateInbox>(p => p.Add(c => c.JobId, _jobId));
        inbox.WaitForAssertion(() => Assert.Equal("Queued", ChipOf(inbox, "Quinn")));

        await _db.UpdatePushAsync(push.Id, p => { p.State = PushState.Sent; p.Result = PushResultKind.Created; }, PushEventKind.Sent, "In Lever as Quinn Candidate");
        await Services.GetRequiredService<SyncEvents>().PublishAsync(_companyId);

        inbox.WaitForAssertion(() => Assert.Equal("In Lever", ChipOf(inbox, "Quinn")));
    }

    [Fact]
    public async Task The_card_counts_pending_and_failed_pushes_and_links_to_each_list()
    {
        await AcceptedAsync("Quinn", PushState.Queued);
        await AcceptedAsync("Sam", PushState.Sending);
        await AcceptedAsync("Lena", PushState.Sent);
        await AcceptedAsync("Fred", PushState.DeadLettered, p => p.LastError = "Lever answered 422");
        await AcceptedAsync("Dora", PushState.Discarded);

        var counts = Render<PushCountsChip>(p => p.Add(c => c.ConnectionId, _connectionId).Add(c => c.Vendor, "lever"));

        counts.WaitForAssertion(() => Assert.Equal("2 pending", counts.Find("a.push-pending").TextContent.Trim()));
        Assert.Equal("1 failed", counts.Find("a.push-failed").TextContent.Trim());
        Assert.Equal("/integrations/lever/pushes?filter=pending", counts.Find("a.push-pending").GetAttribute("href"));
        Assert.Equal("/integrations/lever/pushes?filter=failed", counts.Find("a.push-failed").GetAttribute("href"));
        Assert.Equal("/integrations/lever/pushes", counts.Find("a.push-all").GetAttribute("href"));
    }

    [Fact]
    public async Task The_card_counts_follow_live()
    {
        var push = await AcceptedAsync("Quinn", PushState.Queued);
        var counts = Render<PushCountsChip>(p => p.Add(c => c.ConnectionId, _connectionId).Add(c => c.Vendor, "lever"));
        counts.WaitForAssertion(() => Assert.Equal("1", counts.Find(".push-counts").GetAttribute("data-pending")));

        await _db.UpdatePushAsync(push.Id, p => { p.State = PushState.DeadLettered; p.LastError = "Lever answered 403"; }, PushEventKind.DeadLettered, "Failed");
        await Services.GetRequiredService<SyncEvents>().PublishAsync(_companyId);

        counts.WaitForAssertion(() => Assert.Equal("1 failed", counts.Find("a.push-failed").TextContent.Trim()));
        Assert.Equal("0", counts.Find(".push-counts").GetAttribute("data-pending"));
    }
}
