using System.Security.Cryptography;

namespace Circular.Portal.Hosting;

/// <summary>
/// Headers on every response: a Content-Security-Policy that Blazor Server and MudBlazor run under (scripts only from
/// the portal, plus the one inline import map, allowed by a per-request nonce; MudBlazor's inline styles allowed; the
/// circuit's WebSocket to the portal itself; no framing, no plugins, forms post only to the portal), <c>nosniff</c>
/// and a Referrer-Policy that never sends a path or query to another site. A response that set its own CSP (a CV
/// download) keeps it.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "Circular.CspNonce";

    /// <summary>The nonce of this request's CSP, for the inline import map in <c>App.razor</c>.</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)); // hex: no "+" or "/" for HTML encoding to change
        http.Items[NonceKey] = nonce;
        return nonce;
    }

    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; "
        + $"script-src 'self' 'nonce-{nonce}'; "
        + "style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; "
        + "font-src 'self' data:; "
        + "connect-src 'self'; "
        + "object-src 'none'; "
        + "base-uri 'self'; "
        + "form-action 'self'; "
        + "frame-ancestors 'none'";

    /// <summary>
    /// True when the endpoint wrote a policy of its own (a CV download's sandbox). Blazor's interactive pages get
    /// <c>frame-ancestors 'self'</c> from the framework; the portal's policy replaces it (and says <c>'none'</c>).
    /// </summary>
    private static bool HasOwnPolicy(string? policy) =>
        !string.IsNullOrWhiteSpace(policy) && !policy.Trim().StartsWith("frame-ancestors", StringComparison.OrdinalIgnoreCase);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var nonce = Nonce(http);
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                if (!HasOwnPolicy(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            });
            await next(http);
        });
}
