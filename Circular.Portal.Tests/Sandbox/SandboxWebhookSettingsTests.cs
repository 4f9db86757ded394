using Bunit;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Pages;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Sandbox.Teamtailor;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using MudBlazor;
using MudBlazor.Services;

namespace Circular.Portal.Tests.Sandbox;

/// <summary>The console as the vendor's own settings page (manual webhooks), and its buttons following each record's state.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxWebhookSettingsTests(SandboxFixture fixture) : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<SandboxAccountPanel> Panel(ISandboxEmulator emulator, string accountId) =>
        Render<SandboxAccountPanel>(p => p.Add(c => c.Emulator, emulator).Add(c => c.Account, emulator.Accounts.Single(a => a.Id == accountId)));

    [Fact]
    public void Recruitee_takes_the_url_and_the_secret_the_admin_types()
    {
        var emulator = fixture.Emulator<RecruiteeEmulator>();
        var account = emulator.AddAccount("Console Hooks Co", 1);
        var panel = Panel(emulator, account.CompanyId);

        panel.Find(".sandbox-webhook-url input").Change("https://portal.example/hooks/recruitee/abc");
        panel.Find(".sandbox-webhook-secret input").Change("typed-secret-123");
        panel.Find(".sandbox-webhook-save").Click();

        Assert.Equal(new SandboxWebhookView(new Uri("https://portal.example/hooks/recruitee/abc"), "typed-secret-123"), emulator.Webhook(account.CompanyId));
        panel.WaitForAssertion(() => Assert.Contains("portal.example/hooks/recruitee/abc", panel.Find(".sandbox-webhook-current").TextContent));
    }

    [Fact]
    public void Teamtailor_makes_the_signature_key_and_shows_it_to_paste_into_the_portal()
    {
        var emulator = fixture.Emulator<TeamtailorEmulator>();
        var account = emulator.AddAccount("Console Hooks Co", 1);
        var panel = Panel(emulator, account.Id);

        Assert.Empty(panel.FindAll(".sandbox-webhook-secret"));
        panel.Find(".sandbox-webhook-url input").Change("https://portal.example/hooks/teamtailor/abc");
        panel.Find(".sandbox-webhook-save").Click();

        var key = emulator.Webhook(account.Id)!.Key;
        panel.WaitForAssertion(() => Assert.Contains(key, panel.Find(".sandbox-webhook-key").TextContent));
    }

    [Fact]
    public void Close_is_offered_for_an_open_job_and_reopen_only_for_a_closed_one()
    {
        var emulator = fixture.Emulator<WorkableEmulator>();
        var subdomain = emulator.AddAccount("Console States Co", 2).Subdomain;
        var jobId = emulator.Jobs(subdomain).First(j => j.Status == "published").Id;
        emulator.ChangeJob(subdomain, emulator.Jobs(subdomain).First(j => j.Id != jobId).Id, SandboxJobChange.Close);
        var panel = Panel(emulator, subdomain);
        panel.Find(".mud-expand-panel-header").Click();

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll($"td[data-job='{jobId}']")));
        Assert.False(panel.Find($"td[data-job='{jobId}'] .sandbox-job-close").HasAttribute("disabled"));
        Assert.True(panel.Find($"td[data-job='{jobId}'] .sandbox-job-reopen").HasAttribute("disabled"));
        var closed = panel.FindAll("td[data-job]").Single(td => td.GetAttribute("data-job") != jobId);
        Assert.True(closed.QuerySelector(".sandbox-job-close")!.HasAttribute("disabled"));
        Assert.False(closed.QuerySelector(".sandbox-job-reopen")!.HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("Active", true)]
    [InlineData("active", true)]
    [InlineData("Hired", false)]
    [InlineData("Rejected: Not a fit", false)]
    [InlineData("Archived: Hired", false)]
    public void Move_reject_and_hire_are_for_candidates_still_in_the_process(string status, bool offered) =>
        Assert.Equal(offered, SandboxRecordStates.CandidateIsActive(status));
}
