using System.Net;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace Circular.Portal.Tests.Providers.Greenhouse;

[Collection(SandboxCollection.Name)]
public sealed class GreenhouseOAuthTests(SandboxFixture fixture)
{
    private static readonly Uri Callback = new("https://portal.circular.example/oauth/greenhouse/callback");

    [Fact]
    public async Task Authorize_url_carries_state_client_and_scopes_and_shows_a_consent_page()
    {
        using var account = GreenhouseTestAccount.Create(fixture);

        var url = account.OAuth.BuildAuthorizeUrl("state-123", Callback, null);
        using var browser = Browser();
        var page = await browser.GetStringAsync(url);

        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("state-123", query["state"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(account.Credentials.ClientId, query["client_id"]);
        Assert.Equal(Callback.ToString(), query["redirect_uri"]);
        Assert.Contains("harvest:jobs:list", query["scope"].ToString().Split(' '));
        Assert.Contains("harvest:candidates:create", query["scope"].ToString().Split(' '));
        Assert.Contains("Sandra de Wit", page);
    }

    [Fact]
    public async Task Exchanges_an_approved_code_for_tokens_that_work()
    {
        using var account = GreenhouseTestAccount.Create(fixture);

        var callback = await ConsentAsync(account, "approve", "state-abc");
        Assert.Equal("state-abc", callback["state"]);
        var tokens = await account.OAuth.ExchangeCodeAsync(callback["code"]!, Callback, null, CancellationToken.None);

        Assert.NotNull(tokens.RefreshToken);
        Assert.InRange(tokens.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));
        Assert.Contains("harvest:jobs:list", tokens.Scopes);
        var verified = await account.Provider.VerifyAsync(account.ConnectionWith(tokens.AccessToken), CancellationToken.None);
        Assert.Empty(verified.MissingPermissions);
        var reuse = await Assert.ThrowsAsync<AtsException>(() => account.OAuth.ExchangeCodeAsync(callback["code"]!, Callback, null, CancellationToken.None));
        Assert.Equal(AtsFailureKind.Auth, reuse.Kind);
    }

    [Fact]
    public async Task Denied_consent_returns_access_denied_with_the_state()
    {
        using var account = GreenhouseTestAccount.Create(fixture);

        var callback = await ConsentAsync(account, "deny", "state-xyz");

        Assert.Equal("access_denied", callback["error"]);
        Assert.Equal("state-xyz", callback["state"]);
        Assert.False(callback.ContainsKey("code"));
    }

    [Fact]
    public async Task Refresh_rotates_and_the_old_refresh_token_is_then_refused()
    {
        using var account = GreenhouseTestAccount.Create(fixture);

        var rotated = await account.OAuth.RefreshAsync(account.Credentials.RefreshToken, null, CancellationToken.None);
        var reuse = await Assert.ThrowsAsync<AtsException>(() => account.OAuth.RefreshAsync(account.Credentials.RefreshToken, null, CancellationToken.None));
        var again = await account.OAuth.RefreshAsync(rotated.RefreshToken!, null, CancellationToken.None);

        Assert.NotEqual(account.Credentials.RefreshToken, rotated.RefreshToken);
        Assert.Equal(AtsFailureKind.Auth, reuse.Kind);
        Assert.DoesNotContain(account.Credentials.RefreshToken, reuse.Message);
        Assert.NotEqual(rotated.RefreshToken, again.RefreshToken);
        var verified = await account.Provider.VerifyAsync(account.ConnectionWith(again.AccessToken), CancellationToken.None);
        Assert.Empty(verified.MissingPermissions);
    }

    [Fact]
    public async Task Refresh_after_the_customer_revoked_access_is_an_auth_failure()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        account.Emulator.Faults(account.AccountId).Revoked = true;

        var error = await Assert.ThrowsAsync<AtsException>(() => account.OAuth.RefreshAsync(account.Credentials.RefreshToken, null, CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, error.Kind);
    }

    private async Task<Dictionary<string, string?>> ConsentAsync(GreenhouseTestAccount account, string decision, string state)
    {
        var url = account.OAuth.BuildAuthorizeUrl(state, Callback, null);
        var form = QueryHelpers.ParseQuery(url.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
        form["account_id"] = account.AccountId;
        form["decision"] = decision;
        using var browser = Browser();
        using var response = await browser.PostAsync(url.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(Callback.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
    }

    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false });
}
