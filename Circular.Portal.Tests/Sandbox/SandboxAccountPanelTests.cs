using Bunit;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Pages;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using MudBlazor;
using MudBlazor.Services;

namespace Circular.Portal.Tests.Sandbox;

/// <summary>The recruiter console's job buttons, rendered against a real emulator account.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxAccountPanelTests : BunitContext, IAsyncLifetime
{
    private readonly WorkableEmulator _emulator;
    private readonly string _accountId;

    public SandboxAccountPanelTests(SandboxFixture fixture)
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        _emulator = fixture.Emulator<WorkableEmulator>();
        _accountId = _emulator.AddAccount("Console Co", 4).Subdomain;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private SandboxJobView Job(string id) => _emulator.Jobs(_accountId).Single(j => j.Id == id);

    private (IRenderedComponent<SandboxAccountPanel> Panel, IRenderedComponent<MudDialogProvider> Dialogs, string JobId) RenderJobs()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var account = _emulator.Accounts.Single(a => a.Id == _accountId);
        var panel = Render<SandboxAccountPanel>(p => p.Add(c => c.Emulator, (ISandboxEmulator)_emulator).Add(c => c.Account, account));
        panel.Find(".mud-expand-panel-header").Click();
        var jobId = _emulator.Jobs(_accountId).First(j => j.Status == "published").Id;
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll($"td[data-job='{jobId}']")));
        return (panel, dialogs, jobId);
    }

    [Fact]
    public void Close_and_reopen_change_the_job_and_the_status_shown()
    {
        var (panel, _, jobId) = RenderJobs();

        panel.Find($"td[data-job='{jobId}'] .sandbox-job-close").Click();
        // Closing a Workable job archives it ("closed" is Workable's word for a job used internally).
        Assert.Equal("archived", Job(jobId).Status);
        panel.WaitForAssertion(() => Assert.Contains(panel.FindAll(".sandbox-job-status"), td => td.TextContent == "archived"));

        panel.Find($"td[data-job='{jobId}'] .sandbox-job-reopen").Click();
        Assert.Equal("published", Job(jobId).Status);
    }

    [Fact]
    public void Rename_asks_for_the_new_title_in_a_dialog()
    {
        var (panel, dialogs, jobId) = RenderJobs();

        panel.Find($"td[data-job='{jobId}'] .sandbox-job-rename").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#sandbox-job-title"));
        dialogs.Find("#sandbox-job-title").Input("Head of Reuse");
        dialogs.Find("#sandbox-job-rename-confirm").Click();

        panel.WaitForAssertion(() => Assert.Equal("Head of Reuse", Job(jobId).Title));
    }

    [Fact]
    public void Delete_removes_the_job_only_after_the_recruiter_confirms()
    {
        var (panel, dialogs, jobId) = RenderJobs();

        panel.Find($"td[data-job='{jobId}'] .sandbox-job-delete").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"));
        Assert.Contains(_emulator.Jobs(_accountId), j => j.Id == jobId);
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").Click();

        panel.WaitForAssertion(() => Assert.DoesNotContain(_emulator.Jobs(_accountId), j => j.Id == jobId));
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll($"td[data-job='{jobId}']")));
    }
}
