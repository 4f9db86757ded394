using System.Web;
using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Connections;

[Collection(IntegrationCollection.Name)]
public sealed class OAuthConnectionTests(IntegrationFixture fixture)
{
    private const string UserId = "admin-user-id";

    private async Task<Uri> BeginAsync(int companyId, AtsKind kind, string? environment)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await scope.ServiceProvider.GetRequiredService<OAuthFlow>().BeginAsync(kind, environment, UserId, fixture.BaseUrl, default);
    }

    private async Task<(AtsKind? Kind, ConnectOutcome Outcome)> CompleteAsync(int companyId, string? state, string? code, string? error, string userId = UserId)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await scope.ServiceProvider.GetRequiredService<OAuthFlow>().CompleteAsync(state, code, error, userId, fixture.BaseUrl, default);
    }

    private static string StateOf(Uri authorizeUrl) => HttpUtility.ParseQueryString(authorizeUrl.Query)["state"]!;

    [Theory]
    [InlineData(AtsKind.Lever, "production")]
    [InlineData(AtsKind.Lever, "sandbox")]
    [InlineData(AtsKind.Greenhouse, null)]
    public async Task Approved_consent_connects_and_the_admin_picks_the_acting_user(AtsKind kind, string? environment)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync($"OAuth {kind} {environment}");
        var authorize = await BeginAsync(companyId, kind, environment);
        var (code, state, error) = await ConsentDriver.DecideAsync(authorize, approve: true);
        Assert.Null(error);
        Assert.Equal(StateOf(authorize), state);

        var (returnedKind, outcome) = await CompleteAsync(companyId, state, code, null);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(kind, returnedKind);
        var connection = await fixture.WaitForStateAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);
        Assert.Equal(environment, connection.Environment);
        Assert.NotNull(connection.AccessTokenExpiresAt);
        Assert.True(await fixture.Portal.QueryAsync(db => db.AtsJobs.AnyAsync(j => j.ConnectionId == connection.Id)));

        await using var scope = fixture.ScopeFor(companyId);
        var lifecycle = scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>();
        var users = await lifecycle.UsersAsync(connection, default);
        Assert.NotEmpty(users!);
        var picked = await lifecycle.SetActingUserAsync(connection.Id, users![0].Id, default);
        Assert.True(picked.Succeeded, picked.Message);
        Assert.False((await lifecycle.SetActingUserAsync(connection.Id, "not-a-user", default)).Succeeded);
        Assert.Equal(users[0].Id, await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connection.Id).Select(c => c.ActingUserId).SingleAsync()));
    }

    [Fact]
    public async Task Denied_consent_ends_with_a_clear_message_and_no_connection()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Denied Co");
        var authorize = await BeginAsync(companyId, AtsKind.Lever, "production");
        var (_, state, error) = await ConsentDriver.DecideAsync(authorize, approve: false);
        Assert.Equal("access_denied", error);

        var (_, outcome) = await CompleteAsync(companyId, state, null, error);

        Assert.False(outcome.Succeeded);
        Assert.Contains("Access was not granted", outcome.Message);
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));
    }

    [Fact]
    public async Task A_wrong_reused_or_foreign_state_is_refused()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("State Co");
        var authorize = await BeginAsync(companyId, AtsKind.Lever, "production");
        var (code, state, _) = await ConsentDriver.DecideAsync(authorize, approve: true);

        Assert.Contains("not valid", (await CompleteAsync(companyId, "forged-state", code, null)).Outcome.Message);
        Assert.Contains("not valid", (await CompleteAsync(companyId, state, code, null, userId: "someone-else")).Outcome.Message);
        Assert.True((await CompleteAsync(companyId, state, code, null)).Outcome.Succeeded);
        Assert.Contains("not valid", (await CompleteAsync(companyId, state, code, null)).Outcome.Message);
    }

    [Fact]
    public async Task An_expired_state_or_a_spent_code_makes_no_connection()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Expired Co");
        var first = await BeginAsync(companyId, AtsKind.Lever, "production");
        var (code, state, _) = await ConsentDriver.DecideAsync(first, approve: true);
        await fixture.Portal.QueryAsync(db => db.OAuthStates.IgnoreQueryFilters().ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var expired = await CompleteAsync(companyId, state, code, null);
        Assert.Contains("expired", expired.Outcome.Message);

        var second = await BeginAsync(companyId, AtsKind.Lever, "production");
        var (code2, state2, _) = await ConsentDriver.DecideAsync(second, approve: true);
        Assert.True((await CompleteAsync(companyId, state2, code2, null)).Outcome.Succeeded);
        var third = await BeginAsync(companyId, AtsKind.Lever, "production");
        var spent = await CompleteAsync(companyId, StateOf(third), code2, null);
        Assert.False(spent.Outcome.Succeeded);
        Assert.Contains("authorization code", spent.Outcome.Message);
    }

    [Fact]
    public async Task Many_callers_needing_a_fresh_token_at_once_refresh_it_once()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Refresh Co");
        var authorize = await BeginAsync(companyId, AtsKind.Lever, "production");
        var (code, state, _) = await ConsentDriver.DecideAsync(authorize, approve: true);
        var connectionId = (await CompleteAsync(companyId, state, code, null)).Outcome.ConnectionId!.Value;
        await fixture.WaitForStateAsync(connectionId, ConnectionState.Connected);
        await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-5))));

        // A second use of the same refresh token would be invalid_grant at the vendor and revoke the whole grant.
        var contexts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var scope = fixture.ScopeFor(companyId);
            return await scope.ServiceProvider.GetRequiredService<ConnectionContexts>().ForAsync(connectionId, default);
        }));

        Assert.Single(contexts.Select(c => c.Credentials.AccessToken).Distinct());
        var connection = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
        Assert.True(connection.AccessTokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(30));
        await using var check = fixture.ScopeFor(companyId);
        var verified = await check.ServiceProvider.GetRequiredService<ConnectionLifecycle>().UsersAsync(connection, default);
        Assert.NotNull(verified);
    }

    /// <summary>
    /// The keep-alive job decides from the expiry it read; when another caller (another node's worker) refreshed before the
    /// job got the refresh lock, the job takes that token instead of asking the vendor again.
    /// </summary>
    [Fact]
    public async Task A_keep_alive_refresh_that_finds_the_token_refreshed_since_it_looked_asks_the_vendor_nothing()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Keep-alive Co");
        var lever = fixture.Emulator<Circular.Portal.Sandbox.Lever.LeverEmulator>();
        var own = lever.AddAccount("Keep-alive Co", 2);
        var connectionId = await fixture.Portal.ConnectWithOAuthAsync(fixture.BaseUrl, companyId, AtsKind.Lever,
            new Dictionary<string, string> { ["login"] = $"{own.AccountId}|{own.UserId}" });
        Task<DateTimeOffset?> ExpiryAsync() => fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.AccessTokenExpiresAt).SingleAsync());
        var seenByTheJob = await ExpiryAsync();
        await using var scope = fixture.ScopeFor(companyId);
        var contexts = scope.ServiceProvider.GetRequiredService<ConnectionContexts>();
        await contexts.RefreshAsync(connectionId, force: true, default); // the other caller, first
        var requests = lever.RefreshRequests;

        var taken = await contexts.RefreshAsync(connectionId, force: true, default, unlessRefreshedSince: seenByTheJob);

        Assert.Equal(requests, lever.RefreshRequests);
        Assert.Equal(lever.LastIssuedRefreshToken(own.AccountId), taken.RefreshToken);
        // Told the expiry that is stored, the keep-alive does refresh.
        await contexts.RefreshAsync(connectionId, force: true, default, unlessRefreshedSince: await ExpiryAsync());
        Assert.Equal(requests + 1, lever.RefreshRequests);
    }

    [Fact]
    public async Task A_Lever_consent_without_the_optional_scopes_connects_and_keeps_what_was_granted()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Optional Scopes Co");
        var authorize = await BeginAsync(companyId, AtsKind.Lever, "production");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        Assert.DoesNotContain("tags:read:admin", query["scope"]!.Split(' '));
        query["scope"] = string.Join(' ', query["scope"]!.Split(' ').Where(s => s is not ("notes:write:admin" or "webhooks:write:admin")));
        var narrowed = new Uri(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(authorize.GetLeftPart(UriPartial.Path), query));
        var (code, state, _) = await ConsentDriver.DecideAsync(narrowed, approve: true);

        var (_, outcome) = await CompleteAsync(companyId, state, code, null);

        Assert.True(outcome.Succeeded, outcome.Message);
        var connection = await fixture.WaitForStateAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);
        var granted = connection.GrantedScopes!.Split(' ');
        Assert.DoesNotContain("notes:write:admin", granted);
        Assert.DoesNotContain("webhooks:write:admin", granted);
        Assert.Contains("postings:read:admin", granted);
    }

    [Fact]
    public async Task Greenhouse_connects_an_organization_without_a_Circular_source_as_a_person_who_is_not_a_Site_Admin()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Greenhouse Setup Co");
        var org = fixture.Emulator<Circular.Portal.Sandbox.Greenhouse.GreenhouseEmulator>().AddAccount("Setup Org BV", 4, circularSource: false);
        var authorize = await BeginAsync(companyId, AtsKind.Greenhouse, null);
        var page = await new HttpClient().GetStringAsync(authorize);
        var basicUser = System.Text.RegularExpressions.Regex.Match(page, $"value=\"({org.AccountId}\\|[0-9]+)\"").Groups[1].Value;
        Assert.NotEmpty(basicUser);
        var (code, state, _) = await ConsentDriver.DecideAsync(authorize, approve: true, new Dictionary<string, string> { ["account_id"] = basicUser });

        var (_, outcome) = await CompleteAsync(companyId, state, code, null);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Contains("Setup Org BV", outcome.Message);
    }
}
