using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>
/// The portal's Content-Security-Policy leaves Blazor Server and MudBlazor working: the main pages load, the circuit
/// connects, menus open, and Chromium reports no violation.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ContentSecurityPolicyJourneyTests(IntegrationFixture fixture)
{
    [Fact]
    public Task Company_pages_run_under_the_policy_without_a_violation() =>
        fixture.RunAsync(nameof(Company_pages_run_under_the_policy_without_a_violation), async page =>
        {
            var violations = await WatchAsync(page);
            var companyId = await fixture.Portal.CompanyIdAsync("Northwind Robotics");
            var jobId = await fixture.Portal.PublishedJobIdAsync("Northwind Robotics");
            var candidateId = await fixture.Portal.QueryAsync(db => db.Candidates.IgnoreQueryFilters()
                .Where(c => c.CompanyId == companyId).Select(c => c.Id).FirstAsync());

            await GotoUnderPolicyAsync(page, "/account/login");
            await page.SignInAsync("admin@northwind.example");
            await Expect(page.Locator("#jobs-grid, .mud-table").First).ToBeVisibleAsync();
            await page.ClickAsync("#profile-avatar");
            await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "ATS Integration" })).ToBeVisibleAsync();
            foreach (var path in new[] { $"/jobs/{jobId}", "/candidates", $"/candidates/{candidateId}", "/integrations", "/integrations/workable" })
            {
                await GotoUnderPolicyAsync(page, path);
                await page.WaitForCircuitAsync();
            }
            await page.ClickAsync("#notification-bell");

            Assert.True(violations.Count == 0, "CSP violations: " + string.Join(" | ", violations));
        });

    [Fact]
    public Task The_mapping_board_runs_under_the_policy_without_a_violation() =>
        fixture.RunAsync(nameof(The_mapping_board_runs_under_the_policy_without_a_violation), async page =>
        {
            var violations = await WatchAsync(page);
            var (companyId, admin) = await fixture.Portal.CreateAsync("Policy Board Co");
            await fixture.Portal.AddPublishedJobAsync(companyId, "Robot Whisperer", "Oslo", "Engineering");
            await fixture.ConnectAsync(companyId, AtsKind.Workable, jobCount: 6);

            await page.SignInAsync(admin);
            await GotoUnderPolicyAsync(page, "/integrations/workable/jobs?tab=map");
            await page.WaitForCircuitAsync();
            await Expect(page.GetByText("Robot Whisperer").First).ToBeVisibleAsync();
            await page.GotoLiveAsync("/integrations/workable/jobs");

            Assert.True(violations.Count == 0, "CSP violations: " + string.Join(" | ", violations));
        });

    /// <summary>Opens the page and checks that the portal's policy (not only Blazor's frame-ancestors) came with it.</summary>
    private static async Task GotoUnderPolicyAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.True(policy?.Contains("script-src 'self' 'nonce-", StringComparison.Ordinal) == true, $"{path} came with the policy '{policy}'");
    }

    /// <summary>Collects every CSP violation the page reports, as an event in the page and as a console message.</summary>
    private static async Task<List<string>> WatchAsync(IPage page)
    {
        var violations = new List<string>();
        await page.ExposeFunctionAsync("reportCspViolation", (string v) => { lock (violations) violations.Add(v); });
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                window.reportCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add(message.Text);
        };
        return violations;
    }
}
