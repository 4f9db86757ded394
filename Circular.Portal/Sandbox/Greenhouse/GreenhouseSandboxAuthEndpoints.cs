using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>auth.greenhouse.io: /authorize (consent page), /token, /introspect and a /revoke the real host may not have.</summary>
internal static class GreenhouseSandboxAuthEndpoints
{
    /// <summary>The token endpoint's own window, per partner client; Greenhouse publishes no number.</summary>
    private const int TokenRequestsPerMinute = 100;

    private static readonly string[] AuthorizeFields = ["response_type", "client_id", "redirect_uri", "scope", "state"];

    public static void Map(IEndpointRouteBuilder root, GreenhouseSandboxState state)
    {
        root.MapGet("/authorize", (HttpContext ctx) => Authorize(ctx, state, Fields(ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())), null));
        root.MapPost("/authorize", async Task<IResult> (HttpContext ctx) =>
        {
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var values = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            return Authorize(ctx, state, Fields(values), values);
        });
        root.MapPost("/token", Task<IResult> (HttpContext ctx) => TokenAsync(ctx, state));
        root.MapPost("/introspect", Task<IResult> (HttpContext ctx) => IntrospectAsync(ctx, state));
        root.MapPost("/revoke", async Task<IResult> (HttpContext ctx) =>
        {
            if (ClientOf(ctx) is null) return InvalidClient();
            if ((await ParamsAsync(ctx)).TryGetValue("token", out var token)) state.Auth.Revoke(token);
            return Results.Json(new { }, HvJson.Options);
        });
    }

    private static IResult Authorize(HttpContext ctx, GreenhouseSandboxState state, Dictionary<string, string> p, Dictionary<string, string>? form)
    {
        // Never redirect to an address the client did not prove: errors before that are shown on the page.
        if (p.GetValueOrDefault("client_id") != GreenhouseSandboxAuth.ClientId) return Page(400, "Unknown client_id.");
        if (!Uri.TryCreate(p.GetValueOrDefault("redirect_uri"), UriKind.Absolute, out var redirect) || redirect.Scheme is not ("http" or "https"))
        {
            return Page(400, "redirect_uri must be the absolute URL registered for the client.");
        }
        var stateValue = p.GetValueOrDefault("state");
        if (p.GetValueOrDefault("response_type") != "code") return Back(redirect, stateValue, ("error", "unsupported_response_type"));
        var scopes = (p.GetValueOrDefault("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0 || scopes.Any(s => !GreenhouseSandboxAuth.ClientScopes.Contains(s)))
        {
            return Back(redirect, stateValue, ("error", "invalid_scope"));
        }
        if (form is null) return Results.Content(GreenhouseSandboxConsentPage.Render(state.Accounts, p, scopes), "text/html; charset=utf-8");
        if (form.GetValueOrDefault("decision") != "approve") return Back(redirect, stateValue, ("error", "access_denied"));
        var choice = (form.GetValueOrDefault("account_id") ?? "").Split('|');
        var account = state.Account(choice[0]);
        if (account is null) return Page(400, "Pick an organization.");
        var user = choice.Length > 1 && long.TryParse(choice[1], out var userId) ? account.Users.FirstOrDefault(u => u.Id == userId) : account.DemoUser;
        if (user is null) return Page(400, "Pick a user of the organization.");
        var code = state.Auth.IssueCode(new SandboxGrant(account.Id, user.Id, GreenhouseSandboxAuth.ClientId, scopes), redirect.ToString());
        return Back(redirect, stateValue, ("code", code));
    }

    private static async Task<IResult> TokenAsync(HttpContext ctx, GreenhouseSandboxState state)
    {
        var client = ClientOf(ctx);
        if (client is null) return InvalidClient();
        var window = state.Limiter.Take("greenhouse:token:" + client, TokenRequestsPerMinute, TimeSpan.FromSeconds(60));
        if (!window.Allowed)
        {
            ctx.Response.Headers.RetryAfter = window.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.StatusCode(429);
        }
        ctx.Response.Headers.CacheControl = "no-store";
        var p = await ParamsAsync(ctx);
        var grantType = p.GetValueOrDefault("grant_type");
        if (grantType is not ("authorization_code" or "refresh_token"))
        {
            return OAuthError(400, "unsupported_grant_type", "Only authorization_code and refresh_token are supported.");
        }
        var pair = grantType == "authorization_code"
            ? p.TryGetValue("code", out var code) ? state.Auth.Exchange(code, client, p.GetValueOrDefault("redirect_uri")) : null
            : p.TryGetValue("refresh_token", out var refresh)
                ? state.Auth.Refresh(refresh, client, grant => state.Account(grant.AccountId) is { Faults.Revoked: false })
                : null;
        if (pair is null) return OAuthError(400, "invalid_grant", "The authorization code or refresh token is invalid, expired or already used.");
        return Results.Json(new { access_token = pair.AccessToken, token_type = "Bearer", refresh_token = pair.RefreshToken, expires_at = pair.ExpiresAt }, HvJson.Options);
    }

    private static async Task<IResult> IntrospectAsync(HttpContext ctx, GreenhouseSandboxState state)
    {
        if (ClientOf(ctx) is null) return InvalidClient();
        var grant = state.Auth.Resolve((await ParamsAsync(ctx)).GetValueOrDefault("token"));
        var account = state.Account(grant?.AccountId);
        if (grant is null || account is null || account.Faults.Revoked) return Results.Json(new { active = false }, HvJson.Options);
        var user = account.Users.FirstOrDefault(u => u.Id == grant.UserId);
        return Results.Json(new Dictionary<string, object?>
        {
            ["active"] = true,
            ["client_id"] = grant.ClientId,
            ["sub"] = grant.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["scope"] = string.Join(' ', grant.Scopes.Where(s => !account.RemovedScopes.Contains(s))),
            ["https://auth.greenhouse.io/claims"] = new
            {
                organization = new { id = account.OrganizationId, name = account.Name },
                user_role = user?.SiteAdmin == true ? "site_admin" : "basic",
            },
        }, HvJson.Options);
    }

    /// <summary>The client id when HTTP Basic carries the sandbox client's id and secret.</summary>
    private static string? ClientOf(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
            return pair.Length == 2 && GreenhouseSandboxAuth.IsClient(Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) ? pair[0] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Parameters from the form body or the query string: connectors send them both ways.</summary>
    private static async Task<Dictionary<string, string>> ParamsAsync(HttpContext ctx)
    {
        var values = ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (ctx.Request.HasFormContentType)
        {
            foreach (var (key, value) in await ctx.Request.ReadFormAsync(ctx.RequestAborted)) values[key] = value.ToString();
        }
        return values;
    }

    private static Dictionary<string, string> Fields(Dictionary<string, string> values) =>
        AuthorizeFields.Where(values.ContainsKey).ToDictionary(f => f, f => values[f]);

    private static IResult Back(Uri redirect, string? state, (string Name, string Value) result)
    {
        var query = new Dictionary<string, string?> { [result.Name] = result.Value };
        if (state is not null) query["state"] = state;
        return Results.Redirect(QueryHelpers.AddQueryString(redirect.ToString(), query));
    }

    private static IResult InvalidClient() => OAuthError(401, "invalid_client", "Client authentication failed.");

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new { error, error_description = description }, HvJson.Options, statusCode: status);

    private static IResult Page(int status, string message) =>
        Results.Content($"<!doctype html><html><body><h1>Greenhouse sandbox</h1><p>{System.Net.WebUtility.HtmlEncode(message)}</p></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8, status);
}
