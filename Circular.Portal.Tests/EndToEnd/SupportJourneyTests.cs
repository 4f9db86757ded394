using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>
/// Support in Chromium: signs in, finds the company, views as it with a reason, sees the banner and the sync health page,
/// is refused the webhook secret, stops; then the company admin finds the visit on Activity.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SupportJourneyTests(IntegrationFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 20_000 };

    [Fact]
    public Task Support_views_as_a_company_read_only_is_refused_the_secret_stops_and_the_admin_sees_the_visit() =>
        fixture.RunAsync(nameof(Support_views_as_a_company_read_only_is_refused_the_secret_stops_and_the_admin_sees_the_visit), async page =>
        {
            var name = $"Support Journey {Guid.NewGuid():N}"[..24];
            var (companyId, admin) = await fixture.Portal.CreateAsync(name);
            await fixture.ConnectAsync(companyId, AtsKind.Recruitee, jobCount: 3);

            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", "support@circular.example");
            await page.FillAsync("#password", Portal.Accounts.DemoSeeder.DemoPassword);
            await page.ClickAsync("#signin-submit");
            await page.WaitForURLAsync(url => url.EndsWith("/support"), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForCircuitAsync();

            await page.Locator("input#support-search, #support-search input").First.FillAsync(name);
            var row = page.Locator(".support-company-link", new() { HasText = name });
            await Expect(row).ToBeVisibleAsync(Slow);
            await Expect(page.Locator(".support-company-link")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
            await row.ClickAsync();
            await page.WaitForURLAsync(url => url.Contains($"/support/companies/{companyId}"));
            await Expect(page.Locator("#support-company-heading")).ToHaveTextAsync(name, new() { Timeout = 20_000 });
            await Expect(page.Locator(".sync-health")).ToBeVisibleAsync(Slow);

            await page.FillAsync("#view-as-reason", "TICKET-100: checking the sync");
            await page.ClickAsync("#view-as-submit");
            await page.WaitForURLAsync(url => url.EndsWith("/integrations"), new() { WaitUntil = WaitUntilState.Commit });
            var banner = page.Locator("#impersonation-banner");
            await Expect(banner).ToBeVisibleAsync(Slow);
            await Expect(banner).ToContainTextAsync(name);
            await Expect(banner).ToContainTextAsync("read-only");
            await page.WaitForCircuitAsync();

            await page.Locator(".integration-card[data-vendor='Recruitee'] .health-button").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/integrations/recruitee/health"));
            await Expect(page.Locator("#health-heading")).ToBeVisibleAsync(Slow);
            await Expect(page.Locator("#health-chart")).ToBeVisibleAsync();
            await Expect(banner).ToBeVisibleAsync();

            await page.GotoLiveAsync("/integrations/recruitee/settings");
            await Expect(page.Locator("#webhook-refused")).ToContainTextAsync("Secrets are never shown", new() { Timeout = 20_000 });
            await Expect(page.Locator("#webhook-secret")).ToHaveCountAsync(0);
            await Expect(banner).ToBeVisibleAsync();

            await page.ClickAsync("#impersonation-stop");
            await page.WaitForURLAsync(url => url.EndsWith("/support"), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#impersonation-banner")).ToHaveCountAsync(0);
            await Expect(page.Locator("#support-heading")).ToBeVisibleAsync();

            await page.ClickAsync("#profile-avatar");
            await page.Locator("#menu-signout").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/account/login"));
            await page.SignInAsync(admin);
            await page.ClickAsync("#profile-avatar");
            await page.Locator("#menu-activity").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/activity"));
            await Expect(page.Locator(".audit-line[data-action='Impersonation.Started'] .audit-what"))
                .ToHaveTextAsync("Circular support viewed your account (reason: TICKET-100: checking the sync)", new() { Timeout = 20_000 });
            await Expect(page.Locator(".audit-line[data-action='Save.Refused'], .audit-line[data-action='WebhookSecret.Shown']").First).ToBeVisibleAsync();
            await Expect(page.Locator(".audit-line[data-action='Impersonation.Stopped']")).ToBeVisibleAsync();
        });
}
