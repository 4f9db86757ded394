using System.Net;
using System.Text.RegularExpressions;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace Circular.Portal.Tests.Providers.Lever;

[Collection(SandboxCollection.Name)]
public sealed partial class LeverOAuthTests(SandboxFixture fixture)
{
    private static readonly Uri Callback = new("https://portal.example/oauth/lever/callback");

    [Theory]
    [InlineData("production", "lever/auth/authorize", "https://api.lever.co/v1/")]
    [InlineData("sandbox", "lever/env-sandbox/auth/authorize", "https://api.sandbox.lever.co/v1/")]
    public void Authorize_url_carries_state_scopes_and_the_environment(string environment, string path, string audience)
    {
        using var lever = new LeverTestAccount(fixture);

        var url = lever.OAuth.BuildAuthorizeUrl("state-123", Callback, environment);

        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.EndsWith(path, url.AbsolutePath);
        Assert.Equal("state-123", query["state"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(audience, query["audience"]);
        Assert.Equal(Callback.ToString(), query["redirect_uri"]);
        var asked = query["scope"].ToString().Split(' ');
        Assert.Equal([.. lever.OAuth.RequiredScopes, .. lever.OAuth.OptionalScopes.Select(o => o.Scope)], asked);
        Assert.Contains("offline_access", lever.OAuth.RequiredScopes);
        // Only what the portal calls: the tag and source lists are never read.
        Assert.DoesNotContain("tags:read:admin", asked);
        Assert.DoesNotContain("sources:read:admin", asked);
    }

    [Theory]
    [InlineData("production")]
    [InlineData("sandbox")]
    public async Task Consent_and_code_exchange_give_a_working_token_in_each_environment(string environment)
    {
        using var lever = new LeverTestAccount(fixture, environment: environment);

        var redirect = await ConsentAsync(lever, environment, "approve");
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("state-" + environment, query["state"]);
        var tokens = await lever.OAuth.ExchangeCodeAsync(query["code"]!, Callback, environment, CancellationToken.None);

        Assert.NotNull(tokens.RefreshToken);
        Assert.InRange(tokens.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));
        Assert.Contains("postings:read:admin", tokens.Scopes);
        var account = await lever.Provider.VerifyAsync(lever.For(tokens.AccessToken, environment), CancellationToken.None);
        Assert.Contains(account.Users, u => u.Id == lever.Account.UserId);
        Assert.Empty(account.MissingPermissions);
    }

    [Fact]
    public async Task A_code_cannot_be_exchanged_twice()
    {
        using var lever = new LeverTestAccount(fixture);
        var code = QueryHelpers.ParseQuery((await ConsentAsync(lever, "production", "approve")).Query)["code"]!;
        await lever.OAuth.ExchangeCodeAsync(code!, Callback, "production", CancellationToken.None);

        var e = await Assert.ThrowsAsync<AtsException>(() => lever.OAuth.ExchangeCodeAsync(code!, Callback, "production", CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
    }

    [Fact]
    public async Task Refresh_rotates_and_the_old_refresh_token_then_fails_as_auth()
    {
        using var lever = new LeverTestAccount(fixture);
        var old = lever.Account.RefreshToken!;

        var rotated = await lever.OAuth.RefreshAsync(old, "production", CancellationToken.None);
        var e = await Assert.ThrowsAsync<AtsException>(() => lever.OAuth.RefreshAsync(old, "production", CancellationToken.None));

        Assert.NotNull(rotated.RefreshToken);
        Assert.NotEqual(old, rotated.RefreshToken);
        Assert.NotEqual(lever.Account.AccessToken, rotated.AccessToken);
        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.DoesNotContain(old, e.Message);
    }

    [Fact]
    public async Task Revoked_refresh_token_can_no_longer_refresh()
    {
        using var lever = new LeverTestAccount(fixture);

        await lever.OAuth.RevokeAsync(lever.Account.RefreshToken!, "production", CancellationToken.None);
        var e = await Assert.ThrowsAsync<AtsException>(() => lever.OAuth.RefreshAsync(lever.Account.RefreshToken!, "production", CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
    }

    [Fact]
    public async Task Denied_consent_redirects_with_access_denied_and_the_state()
    {
        using var lever = new LeverTestAccount(fixture);

        var redirect = await ConsentAsync(lever, "production", "deny");

        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("state-production", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    /// <summary>Plays the admin on Lever's consent page: opens it, signs in as the test account's user, and presses a button.</summary>
    private static async Task<Uri> ConsentAsync(LeverTestAccount lever, string environment, string decision)
    {
        var url = lever.OAuth.BuildAuthorizeUrl("state-" + environment, Callback, environment);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await http.GetStringAsync(url);
        var fields = HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Contains(lever.Account.UserId, page);
        fields["login"] = lever.Account.AccountId + "|" + lever.Account.UserId;
        fields["decision"] = decision;
        using var answer = await http.PostAsync(url.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.StartsWith(Callback.ToString(), location.ToString());
        return location;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
