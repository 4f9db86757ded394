using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ConnectJourneyTests(IntegrationFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public Task Admin_connects_a_Lever_sandbox_account_through_its_consent_page_and_is_told_when_the_first_sync_is_done() =>
        fixture.RunAsync(nameof(Admin_connects_a_Lever_sandbox_account_through_its_consent_page_and_is_told_when_the_first_sync_is_done), async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync("Lever Journey Co");
            await page.SignInAsync(admin);

            await page.ClickAsync("#profile-avatar");
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "ATS Integration" }).ClickAsync();
            await page.Locator(".integration-card[data-vendor='Lever'] .connect-button").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/integrations/lever"), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForCircuitAsync();

            // First the admin declines on Lever's page: the step says so in words, and nothing is connected.
            await page.GetByText("Lever Sandbox Account", new() { Exact = true }).ClickAsync();
            await page.ClickAsync("#oauth-start");
            await page.WaitForURLAsync(url => url.Contains("/sandbox/lever/env-sandbox/auth/authorize"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/integrations/lever") && !url.Contains("/sandbox/"));
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#oauth-error")).ToHaveTextAsync("Access was not granted in Lever, so nothing was connected. Start again and choose Approve when Lever asks.");
            Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));

            await page.GetByText("Lever Sandbox Account", new() { Exact = true }).ClickAsync();
            await page.ClickAsync("#oauth-start");
            await page.WaitForURLAsync(url => url.Contains("/sandbox/lever/env-sandbox/auth/authorize"));
            await Expect(page.GetByText("sandbox", new() { Exact = false }).First).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

            await page.WaitForURLAsync(url => url.Contains("/integrations/lever?connected=1"));
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Acting user");
            await page.Locator("#acting-user-select").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
            await page.ClickAsync("#acting-user-save");

            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Webhooks");
            await Expect(page.Locator("#webhook-auto")).ToBeVisibleAsync();
            await page.ClickAsync("#webhooks-next");
            await Expect(page.Locator("#first-sync-done")).ToContainTextAsync("First sync finished", new() { Timeout = 30_000 });
            await Expect(page.Locator(".wizard-connection-state")).ToHaveTextAsync("Connected", Slow);

            await Expect(page.Locator("#notification-count .mud-badge")).ToHaveTextAsync("1", Slow);
            await page.ClickAsync("#notification-bell");
            await Expect(page.Locator("#notification-list")).ToContainTextAsync("Lever: first sync finished");
            var email = await fixture.Smtp.WaitForAsync(m => m.To.ToString().Contains(admin));
            Assert.Equal("Lever: first sync finished", email.Subject);
        });

    [Fact]
    public Task Admin_denies_then_grants_Greenhouse_consent_walks_its_set_up_steps_and_is_told_when_the_first_sync_is_done() =>
        fixture.RunAsync(nameof(Admin_denies_then_grants_Greenhouse_consent_walks_its_set_up_steps_and_is_told_when_the_first_sync_is_done), async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync("Greenhouse Journey Co");
            await page.SignInAsync(admin);
            await page.GotoLiveAsync("/integrations/greenhouse");
            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Sign in");

            await page.ClickAsync("#oauth-start");
            await page.WaitForURLAsync(url => url.Contains("/sandbox/greenhouse/"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/integrations/greenhouse") && !url.Contains("/sandbox/"));
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#oauth-error")).ToHaveTextAsync("Access was not granted in Greenhouse, so nothing was connected. Start again and choose Approve when Greenhouse asks.");
            Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));

            await page.ClickAsync("#oauth-start");
            await page.WaitForURLAsync(url => url.Contains("/sandbox/greenhouse/"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Authorize" }).ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/integrations/greenhouse?connected=1"));
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#oauth-error")).ToHaveCountAsync(0);

            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Set up");
            await page.ClickAsync("#setup-check-again");
            await page.ClickAsync("#setup-next");
            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Acting user");
            await page.Locator("#acting-user-select").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").First.ClickAsync();
            await page.ClickAsync("#acting-user-save");

            // Greenhouse webhooks are set up by hand: the step gives the URL to paste into Greenhouse.
            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Webhooks");
            await Expect(page.Locator("#webhook-url")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/hooks/greenhouse/"));
            await page.ClickAsync("#webhooks-next");
            await Expect(page.Locator("#first-sync-done")).ToContainTextAsync("First sync finished", new() { Timeout = 30_000 });
            await Expect(page.Locator(".wizard-connection-state")).ToHaveTextAsync("Connected", Slow);
            var email = await fixture.Smtp.WaitForAsync(m => m.To.ToString().Contains(admin));
            Assert.Equal("Greenhouse: first sync finished", email.Subject);
        });

    [Fact]
    public Task Admin_connects_Workable_by_token_after_a_wrong_token_is_refused_with_its_message() =>
        fixture.RunAsync(nameof(Admin_connects_Workable_by_token_after_a_wrong_token_is_refused_with_its_message), async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync("Workable Journey Co");
            var account = fixture.Emulator<WorkableEmulator>().AddAccount("Workable Journey Co", 12);
            await page.SignInAsync(admin);
            await page.GotoLiveAsync("/integrations/workable");

            var subdomain = page.Locator(".credential-field[data-field='Account'] input, input[data-field='Account']").First;
            var token = page.Locator("input[data-field='ApiToken']");
            await page.ClickAsync("#verify-button");
            await Expect(page.GetByText("Enter the subdomain.")).ToBeVisibleAsync();

            await subdomain.FillAsync("https://acme.workable.com");
            await token.FillAsync("wk_not_the_right_token_0000");
            await page.ClickAsync("#verify-button");
            await Expect(page.GetByText("Enter only the subdomain in lower case")).ToBeVisibleAsync();

            await subdomain.FillAsync(account.Subdomain);
            await page.ClickAsync("#verify-button");
            await Expect(page.Locator("#verify-result")).ToContainTextAsync("refused these credentials");
            await Expect(page.Locator("#save-connection")).ToBeDisabledAsync();

            await token.FillAsync(account.ApiToken);
            await page.ClickAsync("#verify-button");
            await Expect(page.Locator("#verify-result")).ToContainTextAsync("Verified");
            await page.ClickAsync("#save-connection");

            await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Webhooks");
            await page.ClickAsync("#webhooks-next");
            await Expect(page.Locator("#first-sync-done")).ToContainTextAsync("12 jobs", new() { Timeout = 30_000 });
            Assert.Equal(1, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));
        });

    [Fact]
    public Task After_the_sandbox_revokes_the_token_the_admin_reconnects_the_same_connection() =>
        fixture.RunAsync(nameof(After_the_sandbox_revokes_the_token_the_admin_reconnects_the_same_connection), async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync("Reconnect Journey Co");
            var workable = fixture.Emulator<WorkableEmulator>();
            var account = workable.AddAccount("Reconnect Journey Co", 6);
            var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);

            workable.Faults(account.Subdomain).Revoked = true;
            await using (var scope = fixture.ScopeFor(companyId))
            {
                scope.ServiceProvider.GetRequiredService<Circular.Portal.Data.TenantContext>().RunAsSystem("Tests");
                await scope.ServiceProvider.GetRequiredService<SyncConnectionJob>().RunAsync(connectionId, first: false, default);
            }
            await fixture.WaitForStateAsync(connectionId, ConnectionState.NeedsReauth);
            workable.Faults(account.Subdomain).Revoked = false;

            await page.SignInAsync(admin);
            await page.GotoLiveAsync("/integrations");
            var card = page.Locator(".integration-card[data-vendor='Workable']");
            await Expect(card.Locator(".connection-state")).ToHaveTextAsync("Needs reconnect");
            await card.Locator(".reconnect-button").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/integrations/workable"), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForCircuitAsync();

            await page.Locator("input[data-field='Account']").FillAsync(account.Subdomain);
            await page.Locator("input[data-field='ApiToken']").FillAsync(account.ApiToken);
            await page.ClickAsync("#verify-button");
            await Expect(page.Locator("#verify-result")).ToContainTextAsync("Verified");
            await page.ClickAsync("#save-connection");
            await page.ClickAsync("#webhooks-next");
            await Expect(page.Locator(".wizard-connection-state")).ToHaveTextAsync("Connected", Slow);

            var connections = await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.CompanyId == companyId).Select(c => c.Id).ToListAsync());
            Assert.Equal([connectionId], connections);
        });
}
