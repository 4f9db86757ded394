using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Circular.Portal.Sandbox.Lever;

/// <summary>
/// Lever's auth server for one environment: /authorize (an HTML consent page: sign in as a recruiter, approve or deny),
/// /oauth/token (authorization_code and rotating refresh_token grants, expires_in 3600) and /oauth/revoke.
/// </summary>
internal sealed class LeverSandboxAuth(LeverSandboxStore store)
{
    public void Map(IEndpointRouteBuilder auth, string env)
    {
        auth.MapGet("/authorize", (HttpContext http) => ConsentPage(http, env));
        auth.MapPost("/authorize", LeverSandboxGate.Handler(http => DecideAsync(http, env)));
        auth.MapPost("/oauth/token", LeverSandboxGate.Handler(http => TokenAsync(http, env)));
        auth.MapPost("/oauth/revoke", async (HttpContext http) =>
        {
            var form = await FormAsync(http);
            if (!ClientOk(http, form)) return OAuthError(401, "invalid_client", "Client authentication failed");
            if (form.TryGetValue("token", out var token)) store.Tokens.Revoke(token);
            return Results.Ok();
        });
    }

    private IResult ConsentPage(HttpContext http, string env)
    {
        var q = http.Request.Query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        if (q.GetValueOrDefault("client_id") != LeverSandboxStore.ClientId) return Page("Unknown application", "<p>The client_id is not a registered Lever partner application.</p>", 400);
        if (q.GetValueOrDefault("response_type") != "code" || !Uri.TryCreate(q.GetValueOrDefault("redirect_uri"), UriKind.Absolute, out _))
        {
            return Page("Invalid request", "<p>response_type=code and an absolute redirect_uri are required.</p>", 400);
        }
        var html = new StringBuilder();
        html.Append($"<p>An application wants access to your Lever <b>{Enc(env)}</b> account.</p>");
        html.Append("<form method=\"post\">");
        foreach (var (key, value) in q) html.Append($"<input type=\"hidden\" name=\"{Enc(key)}\" value=\"{Enc(value)}\">");
        html.Append("<p>Sign in as:</p>");
        var first = true;
        foreach (var account in store.Accounts.Values.Where(a => a.Environment == env).OrderBy(a => a.Name))
        {
            foreach (var user in account.Users)
            {
                html.Append($"<label><input type=\"radio\" name=\"login\" value=\"{Enc(account.Id + "|" + user.Id)}\"{(first ? " checked" : "")}> {Enc(user.Name)} ({Enc(user.Email)}), {Enc(account.Name)}</label><br>");
                first = false;
            }
        }
        html.Append("<p>It asks for:</p><ul>");
        foreach (var scope in Granted(q)) html.Append($"<li><code>{Enc(scope)}</code></li>");
        html.Append("</ul><button name=\"decision\" value=\"approve\">Accept</button> <button name=\"decision\" value=\"deny\">Decline</button></form>");
        return Page("Authorize application", html.ToString(), 200);
    }

    private async Task<IResult> DecideAsync(HttpContext http, string env)
    {
        var form = await FormAsync(http);
        var redirect = form.GetValueOrDefault("redirect_uri");
        if (form.GetValueOrDefault("client_id") != LeverSandboxStore.ClientId || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return Page("Invalid request", "<p>Unknown client or redirect_uri.</p>", 400);
        }
        var state = form.GetValueOrDefault("state") ?? "";
        if (form.GetValueOrDefault("decision") != "approve")
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirect!, new Dictionary<string, string?>
            {
                ["error"] = "access_denied", ["error_description"] = "User did not authorize the request", ["state"] = state,
            }));
        }
        var login = (form.GetValueOrDefault("login") ?? "").Split('|');
        if (login.Length != 2 || !store.Accounts.TryGetValue(login[0], out var account) || account.Environment != env || account.Users.All(u => u.Id != login[1]))
        {
            return Page("Sign in failed", "<p>Choose a recruiter of this environment.</p>", 400);
        }
        var code = store.Tokens.IssueCode(new LeverCodeGrant(account.Id, login[1], env, LeverSandboxStore.ClientId, redirect!,
            string.Join(' ', Granted(form)), store.Clock.GetUtcNow().AddMinutes(10)));
        return Results.Redirect(QueryHelpers.AddQueryString(redirect!, new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));
    }

    private async Task<IResult> TokenAsync(HttpContext http, string env)
    {
        var form = await FormAsync(http);
        if (!ClientOk(http, form)) return OAuthError(401, "invalid_client", "Client authentication failed");
        LeverAccessGrant? family = null;
        string accountId, scopes;
        switch (form.GetValueOrDefault("grant_type"))
        {
            case "authorization_code":
                var code = store.Tokens.RedeemCode(form.GetValueOrDefault("code") ?? "");
                if (code is null || code.Environment != env || code.RedirectUri != form.GetValueOrDefault("redirect_uri"))
                {
                    return OAuthError(400, "invalid_grant", "Invalid authorization code");
                }
                (accountId, scopes) = (code.AccountId, code.Scopes);
                break;
            case "refresh_token":
                await store.Tokens.RefreshRequestedAsync(http.RequestAborted);
                family = store.Tokens.UseRefresh(form.GetValueOrDefault("refresh_token") ?? "", env);
                if (family is null) return OAuthError(400, "invalid_grant", "Unknown or invalid refresh token.");
                (accountId, scopes) = (family.AccountId, string.Join(' ', family.Scopes));
                break;
            default:
                return OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
        var scopeSet = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var (access, refresh, _) = store.Tokens.Issue(accountId, env, LeverSandboxStore.Audiences[env], scopeSet, family?.Family);
        return Results.Json(new Dictionary<string, object?>
        {
            ["access_token"] = access, ["refresh_token"] = refresh, ["token_type"] = "Bearer", ["scope"] = scopes,
            ["expires_in"] = (int)LeverSandboxTokens.AccessLifetime.TotalSeconds,
        });
    }

    /// <summary>Lever grants only offline_access when the audience is missing or wrong (a known consent-screen trap).</summary>
    private static IReadOnlyList<string> Granted(IReadOnlyDictionary<string, string> request)
    {
        var asked = (request.GetValueOrDefault("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var audienceOk = LeverSandboxStore.Audiences.Values.Contains(request.GetValueOrDefault("audience"));
        return asked.Where(s => audienceOk ? LeverSandboxStore.AllScopes.Contains(s) : s == "offline_access").Distinct().ToList();
    }

    private static bool ClientOk(HttpContext http, IReadOnlyDictionary<string, string> form)
    {
        var (id, secret) = (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
        var basic = http.Request.Headers.Authorization.ToString();
        if (basic.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..].Trim())).Split(':', 2);
                (id, secret) = (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "");
            }
            catch (FormatException)
            {
                return false;
            }
        }
        return id == LeverSandboxStore.ClientId && secret == LeverSandboxStore.ClientSecret;
    }

    private static async Task<IReadOnlyDictionary<string, string>> FormAsync(HttpContext http) =>
        http.Request.HasFormContentType
            ? (await http.Request.ReadFormAsync(http.RequestAborted)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString())
            : new Dictionary<string, string>();

    private static IResult OAuthError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static IResult Page(string title, string body, int status) =>
        Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><title>Lever - {Enc(title)}</title></head><body><h1>{Enc(title)}</h1>{body}</body></html>",
            "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Enc(string? s) => WebUtility.HtmlEncode(s ?? "");
}
