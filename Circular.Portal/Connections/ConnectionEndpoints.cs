using System.Security.Claims;

namespace Circular.Portal.Connections;

public static class ConnectionEndpoints
{
    public static IEndpointRouteBuilder MapConnectionEndpoints(this IEndpointRouteBuilder app)
    {
        // The vendor redirects the admin's browser here after consent; the admin's cookie says who they are.
        app.MapGet("/connections/oauth/callback", async (HttpContext http, OAuthFlow flow, string? state, string? code, string? error, CancellationToken ct) =>
        {
            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
            var requestBase = new Uri($"{http.Request.Scheme}://{http.Request.Host}/");
            var (kind, outcome) = await flow.CompleteAsync(state, code, error, userId, requestBase, ct);
            var target = kind is null ? "/integrations" : $"/integrations/{kind.ToString()!.ToLowerInvariant()}";
            // The message travels protected, so the page only ever shows words the server wrote.
            var protector = http.RequestServices.GetRequiredService<OAuthResultMessages>();
            var query = outcome.Succeeded ? "?connected=1" : $"?error={Uri.EscapeDataString(protector.Protect(outcome.Message))}";
            return Results.LocalRedirect(target + query);
        }).RequireAuthorization();
        return app;
    }
}
