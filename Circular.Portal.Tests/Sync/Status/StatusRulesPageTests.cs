using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Status;
using Circular.Portal.Sync.Status.Pages;
using Circular.Portal.Tests.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Circular.Portal.Tests.Sync.Status;

/// <summary>The Status mapping page: saved rules and terms waiting for one are listed; choosing a meaning saves the rule.</summary>
public sealed class StatusRulesPageTests : BunitContext, IAsyncLifetime
{
    private const string Admin = "admin@acme.example";
    private TestDb _db = null!;
    private int _companyId;
    private int _jobId;
    private AtsConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _jobId, _) = await _db.SeedCompanyAsync("Acme");
        // No credentials stored: the vendor's live list cannot be read, so the page lists what the portal knows.
        _connection = await _db.ConnectionOfAsync(_companyId, AtsKind.Lever);
        this.AddPortal(_db, _companyId, Admin, _db.Clock);
        this.AddPushUi();
        Services.AddSingleton<EmailLinks>();
        Services.AddScoped<Notifier>();
        Services.AddStatusSync();
        await using var scope = _db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        context.Add(new StatusRule
        {
            CompanyId = _companyId, ConnectionId = _connection.Id, Kind = AtsStatusTermKind.ArchiveReason, TermId = "dup", Label = "Duplicate",
            Meaning = AtsStatusMeaning.Ignore, UpdatedBy = "someone", UpdatedAt = _db.Clock.GetUtcNow(),
        });
        context.Add(new ApplicationAtsStatus
        {
            CompanyId = _companyId, ConnectionId = _connection.Id, ApplicationId = await _db.ApplicationAsync(_companyId, _jobId, "Nora", "Candidate"),
            VendorStatus = AtsApplicationStatus.Rejected, ReasonKind = AtsStatusTermKind.ArchiveReason, ReasonId = "moved", VendorReason = "Moved abroad",
            Resolution = StatusResolution.NeedsRule, ObservedAt = _db.Clock.GetUtcNow(), RecordedAt = _db.Clock.GetUtcNow(),
        });
        await context.SaveChangesAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<StatusRulesPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var page = Render<StatusRulesPage>(p => p.Add(c => c.Vendor, "lever"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#status-rules")), TimeSpan.FromSeconds(10));
        return page;
    }

    [Fact]
    public void Saved_rules_and_terms_waiting_for_a_rule_are_listed()
    {
        var page = RenderPage();

        var rows = page.FindAll("#status-rules tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.TextContent.Contains("Duplicate") && !r.TextContent.Contains("Needs a rule"));
        Assert.Contains(rows, r => r.TextContent.Contains("Moved abroad") && r.TextContent.Contains("Needs a rule · 1 waiting"));
        Assert.Single(page.FindAll("#vocabulary-error"));
    }

    [Fact]
    public async Task Choosing_a_meaning_saves_the_rule_and_the_waiting_term_no_longer_needs_one()
    {
        var page = RenderPage();
        var select = page.FindComponents<MudSelect<AtsStatusMeaning>>().Single(s => s.Instance.UserAttributes.TryGetValue("id", out var id) && (string)id! == "rule-archivereason-moved");

        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(AtsStatusMeaning.Withdrawn));

        await using var scope = _db.For(_companyId);
        await using var context = await scope.Factory.CreateDbContextAsync();
        var rule = await context.Set<StatusRule>().SingleAsync(r => r.TermId == "moved");
        Assert.Equal(AtsStatusMeaning.Withdrawn, rule.Meaning);
        Assert.Equal(Admin, rule.UpdatedBy);
        page.WaitForAssertion(() => Assert.DoesNotContain("Needs a rule", page.Find("#status-rules").TextContent));
    }
}
