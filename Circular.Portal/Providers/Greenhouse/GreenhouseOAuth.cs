using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Greenhouse;

/// <summary>
/// Harvest v3 partner OAuth (authorization code). Refresh tokens are single-use and rotate; the token endpoint has its
/// own rate window per partner client, shared by every tenant.
/// </summary>
internal sealed class GreenhouseOAuth(AtsHttp http, IOptions<GreenhouseOptions> options, TimeProvider clock) : IAtsOAuth
{
    private const AtsKind Kind = AtsKind.Greenhouse;
    private const string ClientKey = "oauth-client";

    /// <summary>The token endpoint's own 60 s window; its size is not published, so keep well below any plausible limit.</summary>
    private static readonly AtsRateLimit TokenLimit = new(30, TimeSpan.FromSeconds(60));

    public IReadOnlyList<string> RequiredScopes => GreenhouseScopes.Required;

    public IReadOnlyList<AtsOptionalScope> OptionalScopes => GreenhouseScopes.Optional;

    // Vendor docs: https://harvestdocs.greenhouse.io/docs/harvest-partner-oauth
    public Uri BuildAuthorizeUrl(string state, Uri redirectUri, string? environment) =>
        new Url(options.Value.AuthBaseUrl).AppendPathSegment("authorize")
            .SetQueryParam("response_type", "code")
            .SetQueryParam("client_id", ClientId())
            .SetQueryParam("redirect_uri", redirectUri.ToString())
            .SetQueryParam("scope", string.Join(' ', GreenhouseScopes.Requested))
            .SetQueryParam("state", state)
            .ToUri();

    public async Task<AtsTokenSet> ExchangeCodeAsync(string code, Uri redirectUri, string? environment, CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/docs/harvest-partner-oauth (step 3, exchange the code)
        var token = await TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
        }, ct);
        return await WithScopesAsync(token, ct);
    }

    public async Task<AtsTokenSet> RefreshAsync(string refreshToken, string? environment, CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/docs/harvest-partner-oauth (refreshing an access token)
        var token = await TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, ct);
        return await WithScopesAsync(token, ct);
    }

    /// <summary>Greenhouse documents no revoke endpoint for partners; where none answers, disconnecting means forgetting the tokens.</summary>
    public async Task RevokeAsync(string token, string? environment, CancellationToken ct)
    {
        try
        {
            // Vendor docs: none published (RFC 7009 shape); the customer revokes in Greenhouse's Dev Center.
            await AuthPostAsync("revoke", new() { ["token"] = token }, ct);
        }
        catch (AtsException e) when (e.StatusCode is 404 or 405)
        {
        }
    }

    /// <summary>The organization, subject user and granted scopes behind an access token.</summary>
    public async Task<GhIntrospection> IntrospectAsync(string accessToken, CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/introspect-token
        var response = await AuthPostAsync("introspect", new() { ["token"] = accessToken, ["token_type_hint"] = "access_token" }, ct);
        return GhJson.Read<GhIntrospection>(await response.GetStringAsync()) ?? new GhIntrospection(false, null, null, null);
    }

    private async Task<AtsTokenSet> TokenAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        IFlurlResponse response;
        try
        {
            response = await AuthPostAsync("token", form, ct);
        }
        catch (AtsException e) when (e.StatusCode == 400)
        {
            // invalid_grant (expired, used or revoked grant) is the only 400 a correct client meets; AtsHttp keeps the body's
            // error code to itself, so every 400 here means "the customer must connect again".
            throw new AtsException(Kind, AtsFailureKind.Auth,
                "Greenhouse no longer accepts this connection's authorization (expired, revoked or already used). Connect Greenhouse again.", 400, null, e);
        }
        catch (AtsException e) when (e.StatusCode == 401)
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent,
                "Greenhouse did not accept Circular's OAuth client id or secret (invalid_client). The Circular team must fix the configuration.", 401, null, e);
        }
        var token = GhJson.Read<GhToken>(await response.GetStringAsync());
        if (string.IsNullOrEmpty(token?.AccessToken))
        {
            throw new AtsException(Kind, AtsFailureKind.Transient, "Greenhouse answered the token request without an access token.");
        }
        // Greenhouse sends expires_at; expires_in is accepted in case it appears instead.
        var expiresAt = token.ExpiresAt ?? clock.GetUtcNow().AddSeconds(token.ExpiresIn ?? 3600);
        return new AtsTokenSet(token.AccessToken, token.RefreshToken, expiresAt, SplitScopes(token.Scope));
    }

    private async Task<AtsTokenSet> WithScopesAsync(AtsTokenSet token, CancellationToken ct)
    {
        if (token.Scopes.Count > 0) return token;
        try
        {
            var introspection = await IntrospectAsync(token.AccessToken, ct);
            return token with { Scopes = SplitScopes(introspection.Scope) };
        }
        catch (AtsException e) when (e.Kind is AtsFailureKind.Permanent or AtsFailureKind.Transient)
        {
            // Introspection is optional knowledge here; the scopes are re-checked by VerifyAsync.
            return token with { Scopes = GreenhouseScopes.Requested };
        }
    }

    private async Task<IFlurlResponse> AuthPostAsync(string path, Dictionary<string, string> form, CancellationToken ct)
    {
        var request = http.Client(Kind).Request(new Url(options.Value.AuthBaseUrl).AppendPathSegment(path))
            .WithBasicAuth(ClientId(), options.Value.ClientSecret ?? "");
        using var content = new FormUrlEncodedContent(form);
        return await http.SendAsync(Kind, ClientKey, TokenLimit, request, HttpMethod.Post, content, ct);
    }

    private string ClientId() => options.Value.ClientId is { Length: > 0 } id
        ? id
        : throw new AtsException(Kind, AtsFailureKind.Permanent, "Greenhouse is not set up in Circular yet (no OAuth client id configured).");

    private static IReadOnlyList<string> SplitScopes(string? scope) =>
        scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
