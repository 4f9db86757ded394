using Bunit;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Pages;
using Circular.Portal.Tests.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Marketplace;

public sealed class CandidateInboxTests : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private int _jobId;
    private int _applicationId;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _jobId, _applicationId) = await _db.SeedCompanyAsync("Acme");
        await _db.SeedCompanyAsync("Globex");

        this.AddPortal(_db, _companyId, "admin@acme.example", _db.Clock);
        // The rows show each push's chip (and follow pushes live).
        this.AddPushUi();
        Services.AddScoped<ApplicationWorkflow>();
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Marketplace:SimulateCandidate"] = "true" }).Build());
        Services.AddSingleton<IWebHostEnvironment>(new TestEnvironment());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<CandidateInbox> RenderInbox()
    {
        Render<MudPopoverProvider>();
        var inbox = Render<CandidateInbox>(p => p.Add(c => c.JobId, _jobId));
        inbox.WaitForAssertion(() => Assert.Single(inbox.FindAll("td[data-application]")));
        return inbox;
    }

    private async Task<Application> StoredAsync()
    {
        await using var scope = _db.System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        return await db.Applications.Include(a => a.History).SingleAsync(a => a.Id == _applicationId);
    }

    private static string Stage(IRenderedComponent<CandidateInbox> inbox) => inbox.Find(".stage-chip").GetAttribute("data-stage")!;

    [Fact]
    public async Task A_new_candidate_offers_interview_request_and_reject_but_no_simulation()
    {
        var inbox = RenderInbox();

        Assert.Single(inbox.FindAll(".request-interview"));
        Assert.Single(inbox.FindAll(".reject"));
        Assert.Empty(inbox.FindAll(".simulate-accept"));
        Assert.Equal(ApplicationStage.New, (await StoredAsync()).Stage);
    }

    [Fact]
    public async Task Sending_an_interview_request_moves_the_candidate_and_offers_the_simulated_answer()
    {
        var inbox = RenderInbox();

        inbox.Find("button.request-interview").Click();

        inbox.WaitForAssertion(() => Assert.Equal(nameof(ApplicationStage.InterviewRequested), Stage(inbox)));
        Assert.Empty(inbox.FindAll(".request-interview"));
        var stored = await StoredAsync();
        Assert.Equal(ApplicationStage.InterviewRequested, stored.Stage);
        Assert.Contains(stored.History, h => h.To == ApplicationStage.InterviewRequested && h.By == "admin@acme.example");

        inbox.Find("button.simulate-accept").Click();

        inbox.WaitForAssertion(() => Assert.Equal(nameof(ApplicationStage.InterviewAccepted), Stage(inbox)));
        Assert.Equal(ApplicationStage.InterviewAccepted, (await StoredAsync()).Stage);
    }

    [Fact]
    public async Task Rejecting_asks_for_an_optional_reason_and_keeps_it()
    {
        var dialog = Render<MudDialogProvider>();
        var inbox = RenderInbox();

        inbox.Find("button.reject").Click();
        dialog.WaitForAssertion(() => dialog.Find("#reject-reason"));
        dialog.Find("#reject-reason").Change("Salary expectations too far apart");
        dialog.Find("#reject-confirm").Click();

        inbox.WaitForAssertion(() => Assert.Equal(nameof(ApplicationStage.Rejected), Stage(inbox)));
        var stored = await StoredAsync();
        Assert.Equal(ApplicationStage.Rejected, stored.Stage);
        Assert.Equal("Salary expectations too far apart", stored.History.Single(h => h.To == ApplicationStage.Rejected).Reason);
        Assert.Empty(inbox.FindAll(".reject"));
    }
}
