using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Circular.Portal.Accounts;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with an antiforgery token, so a link or form on another site cannot sign a user out. It ends the
    /// session on the server too: the user's security stamp changes, so the old cookie (wherever a copy of it is) is
    /// refused from the next request (<see cref="SessionValidation"/>), and open circuits close at their next revalidation. This signs the user out of
    /// every browser, which is what "sign out" should mean for an admin account.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext http, [FromServices] IAntiforgery antiforgery, [FromServices] SignInManager<PortalUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out needs the page's form token.");
            }
            var principal = http.User;
            if (ImpersonationClaims.Read(principal) is not null)
            {
                // Signing out while viewing as a company ends the view and signs the support user out, never the company admin.
                var stopped = await http.RequestServices.GetRequiredService<Support.Impersonation>().StopAsync(principal, http.RequestAborted);
                if (stopped.Principal is { } own)
                {
                    principal = own;
                    http.RequestServices.GetRequiredService<CurrentActor>().Use(own);
                }
            }
            if (await signIn.UserManager.GetUserAsync(principal) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        }).DisableAntiforgery();
        return app;
    }
}
