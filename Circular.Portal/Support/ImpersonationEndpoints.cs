using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Circular.Portal.Support;

/// <summary>
/// The three form posts that re-issue the sign-in cookie (a Blazor circuit cannot set cookies): start viewing as a
/// company, elevate to write mode, stop. Each checks the page's form token and then lets <see cref="Impersonation"/> decide.
/// </summary>
public static class ImpersonationEndpoints
{
    public static IEndpointRouteBuilder MapImpersonationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/support/impersonation/start", async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] Impersonation impersonation,
            CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return BadToken();
            var form = await http.Request.ReadFormAsync(ct);
            if (!int.TryParse(form["companyId"], out var companyId)) return Results.LocalRedirect("~/support");
            var result = await impersonation.StartAsync(http.User, companyId, form["reason"], ct);
            if (!result.Succeeded) return Results.LocalRedirect($"~/support/companies/{companyId}?error={Uri.EscapeDataString(result.Refusal!)}");
            await http.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal!);
            return Results.LocalRedirect("~/integrations");
        }).RequireAuthorization().DisableAntiforgery();

        app.MapPost("/support/impersonation/elevate", async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] Impersonation impersonation,
            CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return BadToken();
            var form = await http.Request.ReadFormAsync(ct);
            var back = LocalPath(form["returnUrl"]);
            var result = await impersonation.ElevateAsync(http.User, form["reason"], ct);
            if (!result.Succeeded) return Results.LocalRedirect($"{back}{(back.Contains('?') ? '&' : '?')}elevateError={Uri.EscapeDataString(result.Refusal!)}");
            await http.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal!);
            return Results.LocalRedirect(back);
        }).RequireAuthorization().DisableAntiforgery();

        app.MapPost("/support/impersonation/stop", async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] Impersonation impersonation,
            CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return BadToken();
            var result = await impersonation.StopAsync(http.User, ct);
            if (result.Succeeded) await http.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal!);
            return Results.LocalRedirect("~/support");
        }).RequireAuthorization().DisableAntiforgery();
        return app;
    }

    private static IResult BadToken() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This needs the page's form token.");

    /// <summary>Only a path of this site (never another host) is a place to go back to.</summary>
    private static string LocalPath(string? url) =>
        url is { Length: > 1 } u && u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal) && !u.StartsWith("/\\", StringComparison.Ordinal) ? "~" + u : "~/";
}
