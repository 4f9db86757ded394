using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Circular.Portal.Accounts;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token, so a link on another site cannot sign a user out.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async ([FromServices] SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/account/login");
        });
        return app;
    }
}
