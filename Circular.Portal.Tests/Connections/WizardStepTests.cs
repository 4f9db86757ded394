using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Connections.Pages;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Circular.Portal.Tests.Connections;

/// <summary>The wizard's steps rendered with the real providers: fields, help and validation come from each vendor's folder.</summary>
public sealed class WizardStepTests : BunitContext, IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private AsyncServiceScope _scope;

    public Task InitializeAsync()
    {
        _scope = _portal.Services.CreateAsyncScope();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized("admin@northwind.example");
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
        _portal.Dispose();
    }

    private IAtsProvider Provider(AtsKind kind) => _scope.ServiceProvider.GetRequiredService<AtsProviders>().Get(kind);

    private IRenderedComponent<TokenStep> RenderTokenStep(AtsKind kind)
    {
        Render<MudPopoverProvider>();
        return Render<TokenStep>(p => p.Add(s => s.Provider, Provider(kind)));
    }

    [Fact]
    public void Workable_asks_for_subdomain_and_token_and_says_where_to_find_them()
    {
        var step = RenderTokenStep(AtsKind.Workable);

        Assert.Contains("Subdomain", step.Markup);
        Assert.Contains("API access token", step.Markup);
        Assert.Contains("Settings → Integrations → Apps", step.Markup);
        Assert.Equal("password", step.Find("input[data-field='ApiToken']").GetAttribute("type"));
    }

    [Fact]
    public void Verifying_empty_fields_shows_a_message_at_each_field_and_calls_nobody()
    {
        var step = RenderTokenStep(AtsKind.Workable);

        step.Find("#verify-button").Click();

        step.WaitForAssertion(() =>
        {
            Assert.Contains("Enter the subdomain.", step.Markup);
            Assert.Contains("Enter the API access token.", step.Markup);
        });
        Assert.Empty(step.FindAll("#verify-result"));
        Assert.True(step.Find("#save-connection").HasAttribute("disabled"));
    }

    [Fact]
    public void A_whole_address_in_the_subdomain_field_is_explained()
    {
        var step = RenderTokenStep(AtsKind.Workable);

        step.Find("input[data-field='Account']").Input("https://acme.workable.com");
        step.Find("input[data-field='ApiToken']").Input("wk_0123456789abcdef0123");
        step.Find("#verify-button").Click();

        step.WaitForAssertion(() => Assert.Contains("Enter only the subdomain in lower case", step.Markup));
        Assert.Empty(step.FindAll("#verify-result"));
    }

    [Fact]
    public void Teamtailor_offers_its_regions_and_requires_one()
    {
        var step = RenderTokenStep(AtsKind.Teamtailor);

        Assert.Contains("Region", step.Markup);
        Assert.Contains("Admin", step.Markup);
        step.Find("#verify-button").Click();

        step.WaitForAssertion(() => Assert.Contains("Choose a region.", step.Markup));
    }

    [Fact]
    public void Lever_offers_production_and_sandbox_accounts_and_waits_for_a_choice()
    {
        var step = Render<OAuthStep>(p => p.Add(s => s.Provider, Provider(AtsKind.Lever)));

        Assert.Contains("Lever Production Account", step.Markup);
        Assert.Contains("Lever Sandbox Account", step.Markup);
        Assert.True(step.Find("#oauth-start").HasAttribute("disabled"));
        Assert.Contains("I want to authenticate through Lever", step.Find("#oauth-start").TextContent);
    }

    [Fact]
    public void A_callback_error_is_shown_above_the_sign_in_step()
    {
        var step = Render<OAuthStep>(p => p
            .Add(s => s.Provider, Provider(AtsKind.Greenhouse))
            .Add(s => s.Error, "Access was not granted in Greenhouse, so nothing was connected."));

        Assert.Contains("Access was not granted in Greenhouse", step.Find("#oauth-error").TextContent);
        Assert.False(step.Find("#oauth-start").HasAttribute("disabled"));
    }

    private bool _popovers;

    private IRenderedComponent<IntegrationCard> RenderCard(AtsKind kind, AtsConnection connection)
    {
        if (!_popovers) Render<MudPopoverProvider>();
        _popovers = true;
        return Render<IntegrationCard>(p => p.Add(c => c.Provider, Provider(kind)).Add(c => c.Connection, connection));
    }

    private static AtsConnection Connected(AtsKind kind, string? grantedScopes = null) => new()
    {
        PublicId = "card-test", Kind = kind, State = Circular.Portal.Connections.ConnectionState.Connected, AccountName = "Acme", GrantedScopes = grantedScopes,
    };

    [Fact]
    public void A_Lever_card_names_the_optional_permissions_not_granted_and_what_they_cost()
    {
        var card = RenderCard(AtsKind.Lever, Connected(AtsKind.Lever,
            "offline_access postings:read:admin opportunities:write:admin archive_reasons:read:admin users:read:admin confidential:access:admin"));

        var text = card.Find(".missing-scopes").TextContent;
        Assert.Contains("notes:write:admin (no notes on candidates)", text);
        Assert.Contains("webhooks:write:admin (status by polling only)", text);
        Assert.DoesNotContain("confidential:access:admin", text);
    }

    [Fact]
    public void A_card_with_every_optional_permission_granted_names_none()
    {
        var everything = string.Join(' ', Provider(AtsKind.Lever).OAuth!.RequiredScopes.Concat(Provider(AtsKind.Lever).OAuth!.OptionalScopes.Select(o => o.Scope)));

        var card = RenderCard(AtsKind.Lever, Connected(AtsKind.Lever, everything));

        Assert.Empty(card.FindAll(".missing-scopes"));
        Assert.Empty(card.FindAll(".write-unconfirmed"));
    }

    [Theory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    public void Where_no_read_only_check_exists_the_card_says_the_first_push_confirms_write_permission_until_it_has(AtsKind kind)
    {
        var unconfirmed = RenderCard(kind, Connected(kind));
        Assert.Equal("Write permission is confirmed by the first push.", unconfirmed.Find(".write-unconfirmed").TextContent.Trim());

        var confirmed = Connected(kind);
        confirmed.WriteConfirmedAt = DateTimeOffset.UtcNow;
        Assert.Empty(RenderCard(kind, confirmed).FindAll(".write-unconfirmed"));
    }
}
