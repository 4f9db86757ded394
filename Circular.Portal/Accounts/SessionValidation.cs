using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Accounts;

/// <summary>
/// Checks the sign-in cookie's security stamp against the user's on every request. Sign-out changes the stamp, so a
/// signed-out cookie (or any copy of it) is refused at once instead of for the rest of its 8 hours. One indexed read per
/// request; the cookie itself is renewed only at Identity's usual interval, by Identity's validator, which runs after.
/// </summary>
internal static class SessionValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.Identity?.IsAuthenticated != true) return;
        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var claimType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var user = await users.FindByIdAsync(users.GetUserId(principal) ?? "");
        if (user is null || !users.SupportsUserSecurityStamp
            || principal.FindFirstValue(claimType) != await users.GetSecurityStampAsync(user))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (ImpersonationClaims.Read(principal) is { } ticket)
        {
            // A view as a company that ran out falls back to the support user's own identity on the next request.
            var clock = services.GetRequiredService<TimeProvider>();
            if (clock.GetUtcNow() >= ticket.EndsAt)
            {
                var stopped = await services.GetRequiredService<Support.Impersonation>().StopAsync(principal, context.HttpContext.RequestAborted);
                if (stopped.Principal is null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                context.ReplacePrincipal(stopped.Principal);
                context.ShouldRenew = true;
                return;
            }
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
