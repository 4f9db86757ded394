using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Connections.Pages;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Circular.Portal.Tests.Connections;

/// <summary>
/// The wizard page as the admin's browser lands on it after the vendor's redirect: each real callback outcome (made by the
/// OAuth flow against the Sandbox) travels protected in the address, and the sign-in step shows its words.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ConnectWizardMessageTests(IntegrationFixture fixture) : BunitContext, IAsyncLifetime
{
    private const string UserId = "wizard-admin";
    private AsyncServiceScope? _scope;
    private bool _popovers;

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_scope is { } scope) await scope.DisposeAsync();
    }

    private async Task<(int CompanyId, AsyncServiceScope Scope)> ArrangeAsync(string company)
    {
        var (companyId, admin) = await fixture.Portal.CreateAsync(company);
        var scope = fixture.ScopeFor(companyId);
        _scope = scope;
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized(admin);
        Services.AddFallbackServiceProvider(scope.ServiceProvider);
        return (companyId, scope);
    }

    private async Task<ConnectOutcome> CompleteAsync(AsyncServiceScope scope, string? state, string? code, string? error) =>
        (await scope.ServiceProvider.GetRequiredService<OAuthFlow>().CompleteAsync(state, code, error, UserId, fixture.BaseUrl, default)).Outcome;

    private IRenderedComponent<ConnectWizardPage> RenderAfter(AsyncServiceScope scope, string vendor, ConnectOutcome outcome)
    {
        Assert.False(outcome.Succeeded);
        var carried = scope.ServiceProvider.GetRequiredService<OAuthResultMessages>().Protect(outcome.Message);
        // As the callback's redirect does: /integrations/{vendor}?error=<protected message>.
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("error", carried));
        if (!_popovers)
        {
            Render<MudPopoverProvider>();
            _popovers = true;
        }
        return Render<ConnectWizardPage>(p => p.Add(c => c.Vendor, vendor));
    }

    private async Task<Uri> BeginAsync(AsyncServiceScope scope, AtsKind kind, string? environment) =>
        await scope.ServiceProvider.GetRequiredService<OAuthFlow>().BeginAsync(kind, environment, UserId, fixture.BaseUrl, default);

    [Theory]
    [InlineData(AtsKind.Lever, "production")]
    [InlineData(AtsKind.Greenhouse, null)]
    public async Task A_denied_consent_shows_its_message_on_the_sign_in_step(AtsKind kind, string? environment)
    {
        var (_, scope) = await ArrangeAsync($"Wizard denied {kind}");
        var (_, state, error) = await ConsentDriver.DecideAsync(await BeginAsync(scope, kind, environment), approve: false);

        var page = RenderAfter(scope, kind.ToString().ToLowerInvariant(), await CompleteAsync(scope, state, null, error));

        var alert = page.Find("#oauth-error").TextContent;
        Assert.Contains($"Access was not granted in {kind}", alert);
        Assert.DoesNotContain("_error", page.Markup);
        Assert.Equal("Sign in", page.Find("#wizard-panel").GetAttribute("data-current-step"));
    }

    [Fact]
    public async Task A_consent_without_a_required_scope_shows_which_one_is_missing()
    {
        var (_, scope) = await ArrangeAsync("Wizard scopes");
        var authorize = await BeginAsync(scope, AtsKind.Lever, "production");
        var query = QueryHelpers.ParseQuery(authorize.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["scope"] = string.Join(' ', query["scope"]!.Split(' ').Where(s => s != "postings:read:admin"));
        var narrowed = new Uri(QueryHelpers.AddQueryString(authorize.GetLeftPart(UriPartial.Path), query));
        var (code, state, _) = await ConsentDriver.DecideAsync(narrowed, approve: true);

        var page = RenderAfter(scope, "lever", await CompleteAsync(scope, state, code, null));

        var alert = page.Find("#oauth-error").TextContent;
        Assert.Contains("did not grant every permission", alert);
        Assert.Contains("postings:read:admin", alert);
    }

    [Fact]
    public async Task An_expired_sign_in_and_a_missing_code_show_their_messages()
    {
        var (companyId, scope) = await ArrangeAsync("Wizard expired");
        var (code, state, _) = await ConsentDriver.DecideAsync(await BeginAsync(scope, AtsKind.Lever, "production"), approve: true);
        await fixture.Portal.QueryAsync(db => db.OAuthStates.IgnoreQueryFilters().Where(s => s.CompanyId == companyId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var expired = RenderAfter(scope, "lever", await CompleteAsync(scope, state, code, null));
        Assert.Contains("took too long and expired", expired.Find("#oauth-error").TextContent);

        var (_, second, _) = await ConsentDriver.DecideAsync(await BeginAsync(scope, AtsKind.Lever, "production"), approve: true);
        var noCode = RenderAfter(scope, "lever", await CompleteAsync(scope, second, null, null));
        Assert.Contains("sent no authorization code", noCode.Find("#oauth-error").TextContent);
    }

    [Fact]
    public async Task Without_a_callback_message_the_sign_in_step_shows_no_alert()
    {
        var (_, scope) = await ArrangeAsync("Wizard quiet");

        var page = Render<ConnectWizardPage>(p => p.Add(c => c.Vendor, "lever"));

        Assert.Empty(page.FindAll("#oauth-error"));
        Assert.DoesNotContain("_error", page.Markup);
    }
}
