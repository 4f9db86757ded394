using System.Text.Json;
using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Lever;

/// <summary>
/// Lever's OAuth 2.0 authorization-code flow (an Auth0 tenant per environment). Refresh tokens rotate: each refresh returns a
/// new one and the old one then fails with invalid_grant, so the caller must store the returned token before anything else.
/// </summary>
public sealed class LeverOAuth(AtsHttp http, IOptions<LeverOptions> options, TimeProvider clock) : IAtsOAuth
{
    private readonly LeverOptions _options = options.Value;

    public IReadOnlyList<string> RequiredScopes => LeverScopes.Required;

    public IReadOnlyList<AtsOptionalScope> OptionalScopes => LeverScopes.Optional;

    public Uri BuildAuthorizeUrl(string state, Uri redirectUri, string? environment)
    {
        var env = _options.For(environment);
        // Vendor docs: https://hire.lever.co/developer/documentation#authentication (audience needs its trailing slash)
        var url = new Url(env.AuthUrl).AppendPathSegment("authorize").SetQueryParams(new
        {
            client_id = env.ClientId,
            redirect_uri = redirectUri.ToString(),
            response_type = "code",
            state,
            audience = env.Audience,
            scope = string.Join(' ', LeverScopes.Requested),
            prompt = "consent",
        });
        return url.ToUri();
    }

    public Task<AtsTokenSet> ExchangeCodeAsync(string code, Uri redirectUri, string? environment, CancellationToken ct) =>
        TokenAsync(environment, previousRefreshToken: null, ct,
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri.ToString()));

    public Task<AtsTokenSet> RefreshAsync(string refreshToken, string? environment, CancellationToken ct) =>
        TokenAsync(environment, refreshToken, ct, ("grant_type", "refresh_token"), ("refresh_token", refreshToken));

    public async Task RevokeAsync(string token, string? environment, CancellationToken ct)
    {
        var env = _options.For(environment);
        try
        {
            // Vendor docs: https://auth0.com/docs/api/authentication#revoke-refresh-token (Lever's auth servers are Auth0 tenants; unconfirmed in Lever's own docs)
            await http.SendAsync(AtsKind.Lever, RateKey(env), LeverProvider.RateLimit, http.Client(AtsKind.Lever).Request(env.AuthUrl).AppendPathSegments("oauth", "revoke"),
                HttpMethod.Post, Form(env, ("token", token)), ct);
        }
        catch (AtsException e) when (e.Kind is AtsFailureKind.Permanent or AtsFailureKind.Auth)
        {
            // An unknown or already-revoked token is the state we wanted.
        }
    }

    private async Task<AtsTokenSet> TokenAsync(string? environment, string? previousRefreshToken, CancellationToken ct, params (string Key, string Value)[] fields)
    {
        var env = _options.For(environment);
        var request = http.Client(AtsKind.Lever).Request(env.AuthUrl).AppendPathSegments("oauth", "token");
        IFlurlResponse response;
        try
        {
            // Vendor docs: https://hire.lever.co/developer/documentation#authentication (token exchange and refresh)
            response = await http.SendAsync(AtsKind.Lever, RateKey(env), LeverProvider.RateLimit, request, HttpMethod.Post, Form(env, fields), ct);
        }
        catch (AtsException e) when (e.StatusCode is 400 or 401 or 403)
        {
            // invalid_grant (used, expired or revoked code/refresh token) and invalid_client both mean: connect again.
            throw new AtsException(AtsKind.Lever, AtsFailureKind.Auth,
                $"Lever did not accept the authorization ({e.StatusCode}). A Lever Super Admin must connect the {env.Name} account again.", e.StatusCode, null, e);
        }
        LeverTokenResponse? token;
        try
        {
            token = JsonSerializer.Deserialize<LeverTokenResponse>(await response.GetStringAsync(), LeverProvider.Json);
        }
        catch (JsonException e)
        {
            throw new AtsException(AtsKind.Lever, AtsFailureKind.Transient, "Lever's token answer could not be read.", response.StatusCode, null, e);
        }
        if (token?.AccessToken is not { Length: > 0 } access)
        {
            throw new AtsException(AtsKind.Lever, AtsFailureKind.Transient, "Lever's token answer held no access token.", response.StatusCode);
        }
        var scopes = (token.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Without offline_access Lever sends no refresh token; never replace a stored one with nothing.
        return new AtsTokenSet(access, token.RefreshToken ?? previousRefreshToken, clock.GetUtcNow().AddSeconds(token.ExpiresIn ?? 3600), scopes);
    }

    private static FormUrlEncodedContent Form(LeverEnvironment env, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("client_id", env.ClientId))
            .Append(new("client_secret", env.ClientSecret)));

    private static string RateKey(LeverEnvironment env) => "oauth:" + env.Name;
}
