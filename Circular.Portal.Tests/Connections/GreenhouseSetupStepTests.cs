using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Connections.Pages;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Greenhouse;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Circular.Portal.Tests.Connections;

/// <summary>
/// Greenhouse's set-up step over a real connection to a Sandbox organization that, like a real new one, has no "Circular"
/// source: the connection is made, the step says what to create, and "Check again" sees it once it exists.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class GreenhouseSetupStepTests(IntegrationFixture fixture) : BunitContext, IAsyncLifetime
{
    private const string UserId = "setup-admin";
    private AsyncServiceScope? _scope;

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_scope is { } scope) await scope.DisposeAsync();
    }

    [Fact]
    public async Task The_step_names_the_missing_source_and_check_again_sees_it_once_created()
    {
        var (companyId, admin) = await fixture.Portal.CreateAsync("Setup Step Co");
        var emulator = fixture.Emulator<GreenhouseEmulator>();
        var org = emulator.AddAccount("Setup Step Org BV", 3, circularSource: false);
        var scope = fixture.ScopeFor(companyId);
        _scope = scope;
        var flow = scope.ServiceProvider.GetRequiredService<OAuthFlow>();
        var authorize = await flow.BeginAsync(AtsKind.Greenhouse, null, UserId, fixture.BaseUrl, default);
        var (code, state, _) = await ConsentDriver.DecideAsync(authorize, approve: true, new Dictionary<string, string> { ["account_id"] = org.AccountId });
        var (_, outcome) = await flow.CompleteAsync(state, code, null, UserId, fixture.BaseUrl, default);
        Assert.True(outcome.Succeeded, outcome.Message);
        var connection = await fixture.WaitForStateAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);

        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized(admin);
        Services.AddFallbackServiceProvider(scope.ServiceProvider);
        var provider = scope.ServiceProvider.GetRequiredService<AtsProviders>().Get(AtsKind.Greenhouse);
        var step = Render<SetupStep>(p => p.Add(s => s.Connection, connection).Add(s => s.Provider, provider));

        step.WaitForAssertion(() => Assert.Equal("false", step.Find(".setup-item[data-key='greenhouse-source']").GetAttribute("data-done")), TimeSpan.FromSeconds(10));
        Assert.Contains("Configure → Custom Options → Sources", step.Find(".setup-item[data-key='greenhouse-source']").TextContent);
        Assert.Equal("true", step.Find(".setup-item[data-key='greenhouse-site-admin']").GetAttribute("data-done"));
        Assert.Contains("set up later", step.Find("#setup-next").TextContent);

        emulator.AddSource(org.AccountId, "Circular");
        await step.Find("#setup-check-again").ClickAsync(new());

        step.WaitForAssertion(() => Assert.Equal("true", step.Find(".setup-item[data-key='greenhouse-source']").GetAttribute("data-done")), TimeSpan.FromSeconds(10));
        Assert.Equal("Next", step.Find("#setup-next").TextContent.Trim());
        Assert.Equal(1, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));
    }
}
