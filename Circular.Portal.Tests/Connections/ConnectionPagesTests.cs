using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Connections.Pages;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Circular.Portal.Tests.Connections;

/// <summary>The integration card, the settings page and the webhook set-up, rendered over the real portal's services and database.</summary>
public sealed class ConnectionPagesTests : BunitContext, IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private AsyncServiceScope _scope;
    private int _companyId;

    public async Task InitializeAsync()
    {
        _companyId = await _portal.CompanyIdAsync("Northwind Robotics");
        _scope = _portal.Services.CreateAsyncScope();
        _scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(_companyId);
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized("admin@northwind.example");
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
        _portal.Dispose();
    }

    private IAtsProvider Provider(AtsKind kind) => _scope.ServiceProvider.GetRequiredService<AtsProviders>().Get(kind);

    /// <summary>A saved connection as the lifecycle leaves it, with a portal-made webhook secret.</summary>
    private async Task<AtsConnection> ConnectionAsync(AtsKind kind, Action<AtsConnection>? shape = null, string? webhookSecret = "portal-made-secret-0123456789")
    {
        var connection = new AtsConnection
        {
            CompanyId = _companyId, Kind = kind, PublicId = Guid.NewGuid().ToString("N"), State = ConnectionState.Connected,
            AccountName = "Acme Robotics BV", LastSyncedAt = DateTimeOffset.UtcNow,
        };
        shape?.Invoke(connection);
        if (webhookSecret is not null)
        {
            _scope.ServiceProvider.GetRequiredService<CredentialVault>().Store(connection, new ConnectionSecrets { WebhookSecret = webhookSecret });
        }
        await using var db = await _scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return connection;
    }

    private IRenderedComponent<IntegrationCard> RenderCard(AtsConnection connection, SyncRun? run = null) =>
        Render<IntegrationCard>(p => p.Add(c => c.Provider, Provider(connection.Kind)).Add(c => c.Connection, connection).Add(c => c.Run, run));

    [Fact]
    public async Task The_card_says_no_changes_after_a_sync_that_changed_nothing()
    {
        var connection = await ConnectionAsync(AtsKind.Workable);
        var run = new SyncRun { ConnectionId = connection.Id, Outcome = SyncRunOutcome.Succeeded, JobsSeen = 0 };

        var card = RenderCard(connection, run);

        Assert.EndsWith("UTC: no changes", card.Find(".last-sync").TextContent.Trim());
        Assert.DoesNotContain("0 jobs", card.Markup);
    }

    [Fact]
    public async Task The_card_names_the_environment_once()
    {
        var connection = await ConnectionAsync(AtsKind.Lever, c =>
        {
            c.AccountName = "acme-robotics (Lever production)";
            c.Environment = "production";
            c.ActingUserId = "u-1";
            c.ActingUserName = "Ada";
        });

        var card = RenderCard(connection);

        Assert.Equal("acme-robotics (Lever production)", card.Find(".account-label").TextContent);
        Assert.Empty(card.FindAll(".setup-unfinished"));
    }

    [Fact]
    public async Task A_Lever_connection_left_before_the_acting_user_says_so_on_the_card_and_its_wizard_resumes_there()
    {
        var connection = await ConnectionAsync(AtsKind.Lever, c => c.Environment = "production", webhookSecret: null);

        var card = RenderCard(connection);
        Assert.Contains("Set-up is not finished", card.Find(".setup-unfinished").TextContent);
        Assert.Equal("/integrations/lever", card.Find("a.finish-setup-button").GetAttribute("href"));
        Assert.Equal("/integrations/lever/settings", card.Find("a.settings-button").GetAttribute("href"));

        var wizard = Render<ConnectWizardPage>(p => p.Add(w => w.Vendor, "lever"));
        wizard.WaitForAssertion(() => Assert.Equal("Acting user", wizard.Find("#wizard-panel").GetAttribute("data-current-step")));
    }

    [Fact]
    public async Task A_wrong_or_replayed_state_shows_its_message_on_ATS_Integration()
    {
        var message = "That sign-in link is not valid (wrong or reused state). Start again from ATS Integration.";
        var protectedMessage = _scope.ServiceProvider.GetRequiredService<OAuthResultMessages>().Protect(message);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/integrations?error={Uri.EscapeDataString(protectedMessage)}");

        var page = Render<IntegrationsPage>();

        Assert.Equal(message, page.Find("#integrations-error").TextContent.Trim());
    }

    [Fact]
    public async Task The_portal_made_webhook_secret_is_shown_once_and_after_that_only_rotate_shows_a_new_one()
    {
        var connection = await ConnectionAsync(AtsKind.Greenhouse, c => { c.ActingUserId = "u-1"; c.ActingUserName = "Ada"; });
        var provider = Provider(AtsKind.Greenhouse);

        var first = Render<WebhookStep>(p => p.Add(s => s.Connection, connection).Add(s => s.Provider, provider));
        first.WaitForAssertion(() => Assert.Equal("portal-made-secret-0123456789", first.Find("#webhook-secret").GetAttribute("value")));

        var reopened = Render<WebhookStep>(p => p.Add(s => s.Connection, connection).Add(s => s.Provider, provider));
        reopened.WaitForAssertion(() => Assert.Contains("Rotate", reopened.Find("#webhook-secret-note").TextContent));
        Assert.Empty(reopened.FindAll("#webhook-secret"));

        reopened.Find("#webhook-rotate").Click();
        reopened.WaitForAssertion(() =>
        {
            var rotated = reopened.Find("#webhook-secret").GetAttribute("value");
            Assert.False(string.IsNullOrEmpty(rotated));
            Assert.NotEqual("portal-made-secret-0123456789", rotated);
        });
    }

    [Fact]
    public async Task Lever_without_its_own_subscription_asks_for_Levers_signature_tokens_and_keeps_the_warning_in_view()
    {
        var connection = await ConnectionAsync(AtsKind.Lever, c =>
        {
            c.Environment = "production";
            c.WebhookWarning = "The portal could not subscribe to Lever webhooks (Forbidden); changes are still picked up by polling.";
        });

        var step = Render<WebhookStep>(p => p.Add(s => s.Connection, connection).Add(s => s.Provider, Provider(AtsKind.Lever)));

        Assert.Contains("could not subscribe", step.Find("#webhook-warning").TextContent);
        Assert.NotNull(step.Find("#vendor-webhook-key"));
        Assert.Empty(step.FindAll("#webhook-secret"));
        Assert.Contains("signature token", step.Find(".webhook-steps").TextContent);
        var card = RenderCard(connection);
        Assert.Contains("could not subscribe", card.Find(".webhook-warning").TextContent);
    }

    [Fact]
    public async Task The_settings_page_shows_the_account_its_expiry_the_acting_user_webhooks_reconnect_and_disconnect()
    {
        await ConnectionAsync(AtsKind.Workable, c =>
        {
            c.Account = "acme";
            c.CredentialExpiresAt = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
            c.WebhookAutoRegistered = true;
        });
        Render<MudDialogProvider>();

        var page = Render<ConnectionSettingsPage>(p => p.Add(s => s.Vendor, "workable"));

        page.WaitForAssertion(() => Assert.Contains("Acme Robotics BV", page.Find("#settings-account-name").TextContent));
        Assert.StartsWith("2027-03-01", page.Find("#settings-expiry").TextContent.Trim());
        Assert.Equal("/integrations/workable", page.Find("a#settings-reconnect").GetAttribute("href"));
        Assert.NotNull(page.Find("#settings-account .disconnect-button"));
        Assert.NotNull(page.Find("#settings-webhooks #webhook-auto"));
        Assert.Empty(page.FindAll("#settings-acting-user"));
    }
}
