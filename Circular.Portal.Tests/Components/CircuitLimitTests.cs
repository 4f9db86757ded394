using System.Security.Claims;
using Circular.Portal.Components;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Circular.Portal.Tests.Components;

public sealed class CircuitLimitTests
{
    private sealed class SignedIn(string? userId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(userId is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"))));
    }

    private static PerUserCircuitLimit Handler(UserCircuitCounter counter, string? userId, int max = 10) =>
        new(counter, new CircuitLimits { MaxPerUser = max }, new SignedIn(userId), NullLogger<PerUserCircuitLimit>.Instance);

    // The handler never looks at the Circuit (its own instance is the circuit's scope), and Circuit has no public constructor.
    // Blazor opens a circuit, then reports its connection up.
    private static async Task OpenAsync(PerUserCircuitLimit handler)
    {
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await handler.OnConnectionUpAsync(null!, CancellationToken.None);
    }

    [Fact]
    public async Task The_eleventh_circuit_of_one_user_is_refused_while_other_users_and_closed_circuits_are_not_affected()
    {
        var counter = new UserCircuitCounter();
        var ten = Enumerable.Range(0, 10).Select(_ => Handler(counter, "user-a")).ToList();
        foreach (var handler in ten) await OpenAsync(handler);

        await Assert.ThrowsAsync<CircuitLimitExceededException>(() => OpenAsync(Handler(counter, "user-a")));
        await OpenAsync(Handler(counter, "user-b"));
        await OpenAsync(Handler(counter, null));
        await ten[0].OnCircuitClosedAsync(null!, CancellationToken.None);
        await OpenAsync(Handler(counter, "user-a"));

        Assert.Equal(10, counter.OpenFor("user-a"));
        Assert.Equal(1, counter.OpenFor("user-b"));
    }

    [Fact]
    public async Task A_closed_tab_stops_counting_when_its_connection_drops_and_counts_again_if_it_reconnects()
    {
        var counter = new UserCircuitCounter();
        var first = Handler(counter, "user-a", max: 1);
        await OpenAsync(first);

        await first.OnConnectionDownAsync(null!, CancellationToken.None);
        var second = Handler(counter, "user-a", max: 1);
        await OpenAsync(second);
        var reconnect = Record.ExceptionAsync(() => first.OnConnectionUpAsync(null!, CancellationToken.None));

        Assert.IsType<CircuitLimitExceededException>(await reconnect);
        Assert.Equal(1, counter.OpenFor("user-a"));
    }

    [Fact]
    public async Task A_refused_circuit_closing_does_not_free_a_place()
    {
        var counter = new UserCircuitCounter();
        await OpenAsync(Handler(counter, "user-a", max: 1));
        var refused = Handler(counter, "user-a", max: 1);
        await Assert.ThrowsAsync<CircuitLimitExceededException>(() => OpenAsync(refused));

        await refused.OnCircuitClosedAsync(null!, CancellationToken.None);

        Assert.Equal(1, counter.OpenFor("user-a"));
    }

    [Fact]
    public void The_portal_runs_the_limit_for_every_circuit()
    {
        using var portal = new PortalFactory();
        using var scope = portal.Services.CreateScope();

        Assert.Contains(scope.ServiceProvider.GetServices<CircuitHandler>(), h => h is PerUserCircuitLimit);
        Assert.Equal(10, scope.ServiceProvider.GetRequiredService<CircuitLimits>().MaxPerUser);
    }
}
