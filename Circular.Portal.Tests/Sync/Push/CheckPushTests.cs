using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync.Push.Pages;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>
/// "Check a push" against Workable in the Sandbox over real HTTP: what would be sent, what Workable would refuse, and that
/// nothing is created there.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class CheckPushTests(SandboxFixture sandbox) : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private int _jobId;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _jobId, _) = await _db.SeedCompanyAsync("Acme");
        this.AddPortal(_db, _companyId, "admin@acme.example", _db.Clock);
        this.AddPushUi(sandbox.Host.ProviderConfiguration());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>A Workable account in the Sandbox, connected (secrets in the vault) and its first job linked to the Circular job.</summary>
    private async Task<(int ConnectionId, string Subdomain, SandboxJob Job)> ConnectWorkableAsync(AtsJobStatus linkedJobStatus = AtsJobStatus.Open, params string[] scopes)
    {
        var account = sandbox.Emulator<WorkableEmulator>().AddAccount("Check a push", 3, scopes);
        var job = sandbox.Emulator<WorkableEmulator>().Jobs(account.Subdomain).Select(j => new SandboxJob(j.Id, j.Title)).First();
        var vault = Services.GetRequiredService<CredentialVault>();
        await using var scope = _db.System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        var connection = new AtsConnection
        {
            CompanyId = _companyId, Kind = AtsKind.Workable, PublicId = Guid.NewGuid().ToString("N"), State = ConnectionState.Connected,
            Account = account.Subdomain, AccountName = "Check a push",
        };
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        vault.Store(connection, new ConnectionSecrets { ApiToken = account.ApiToken });
        var atsJob = new AtsJob { CompanyId = _companyId, ConnectionId = connection.Id, ExternalId = job.Id, Title = job.Title, Status = linkedJobStatus };
        db.AtsJobs.Add(atsJob);
        await db.SaveChangesAsync();
        db.JobLinks.Add(new JobLink
        {
            CompanyId = _companyId, JobId = _jobId, AtsJobId = atsJob.Id, ConnectionId = connection.Id, Origin = LinkOrigin.Manual,
            LinkedBy = "admin@acme.example", TitleAtLink = job.Title,
        });
        await db.SaveChangesAsync();
        return (connection.Id, account.Subdomain, job);
    }

    private IRenderedComponent<CheckPushPanel> Check(int connectionId, int applicationId)
    {
        Render<MudPopoverProvider>();
        var panel = Render<CheckPushPanel>(p => p.Add(c => c.ConnectionId, connectionId).Add(c => c.VendorName, "Workable").Add(c => c.ApplicationId, applicationId));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("#check-push-result")), TimeSpan.FromSeconds(20));
        return panel;
    }

    private static string Field(IRenderedComponent<CheckPushPanel> panel, string name) =>
        panel.Find($".check-push-field[data-field='{name}'] td").TextContent.Trim();

    [Fact]
    public async Task Check_a_push_shows_exactly_what_would_be_sent_and_creates_nothing_in_Workable()
    {
        var (connectionId, subdomain, job) = await ConnectWorkableAsync();
        var applicationId = await _db.ApplicationAsync(_companyId, _jobId, "Grace", "Hopper", email: "grace@example.com",
            linkedIn: "https://www.linkedin.com/in/grace-hopper",
            cv: new CvFile { StoredName = "stored.pdf", FileName = "grace-hopper.pdf", ContentType = "application/pdf", SizeBytes = 2048 });

        var panel = Check(connectionId, applicationId);

        Assert.Equal("true", panel.Find("#check-push-result").GetAttribute("data-would-send"));
        Assert.Contains("Workable would accept Grace Hopper", panel.Find("#check-push-verdict").TextContent);
        Assert.Equal($"{job.Title} ({job.Id})", panel.Find("#check-push-job").TextContent.Trim());
        Assert.Equal("Grace", Field(panel, "First name"));
        Assert.Equal("Hopper", Field(panel, "Last name"));
        Assert.Equal("grace@example.com", Field(panel, "Email"));
        Assert.Equal("https://www.linkedin.com/in/grace-hopper", Field(panel, "LinkedIn"));
        Assert.Equal("Circular", panel.Find("#check-push-tag").TextContent.Trim());
        Assert.Equal("Circular", panel.Find("#check-push-source").TextContent.Trim());
        Assert.Equal("grace-hopper.pdf, 2 KB", panel.Find("#check-push-cv").TextContent.Trim());
        Assert.Empty(panel.FindAll(".check-push-problem"));
        Assert.Empty(sandbox.Emulator<WorkableEmulator>().Candidates(subdomain));
    }

    [Fact]
    public async Task Check_a_push_names_the_missing_email_Workable_would_refuse_and_creates_nothing()
    {
        var (connectionId, subdomain, _) = await ConnectWorkableAsync(AtsJobStatus.Open, "r_jobs", "r_candidates");
        var applicationId = await _db.ApplicationAsync(_companyId, _jobId, "No", "Mail", email: "");

        var panel = Check(connectionId, applicationId);

        Assert.Equal("false", panel.Find("#check-push-result").GetAttribute("data-would-send"));
        var problems = panel.FindAll(".check-push-problem").Select(p => p.TextContent.Trim()).ToList();
        // Workable's verification only reads now, so a missing write scope is confirmed by the first push, not here.
        Assert.Contains(problems, p => p.Contains("no valid email"));
        Assert.DoesNotContain(problems, p => p.Contains("r_candidates"));
        Assert.Contains("No CV", panel.Find("#check-push-cv").TextContent);
        Assert.Empty(sandbox.Emulator<WorkableEmulator>().Candidates(subdomain));
    }

    [Fact]
    public async Task Check_a_push_says_Workable_would_refuse_a_candidate_for_a_closed_job()
    {
        var (connectionId, _, job) = await ConnectWorkableAsync(AtsJobStatus.Closed);
        var applicationId = await _db.ApplicationAsync(_companyId, _jobId, "Ada", "Lovelace");

        var panel = Check(connectionId, applicationId);

        var problem = Assert.Single(panel.FindAll(".check-push-problem")).TextContent;
        Assert.Contains($"\"{job.Title}\" is closed or deleted in Workable", problem);
    }

    private sealed record SandboxJob(string Id, string Title);
}
