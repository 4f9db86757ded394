using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Circular.Portal.Accounts;

/// <summary>
/// The signed-in principal of this scope (a circuit's authentication state, else the request's user, else one set
/// explicitly) turned into an <see cref="Actor"/>. Impersonation expiry is checked against <see cref="TimeProvider"/> on
/// every read, so the first operation after the limit already acts as the support user again.
/// </summary>
public sealed class CurrentActor(IServiceProvider services)
{
    private ClaimsPrincipal? _explicit;

    /// <summary>Acts as this principal for the rest of the scope (an endpoint right after it signed in, tests).</summary>
    public void Use(ClaimsPrincipal principal) => _explicit = principal;

    public ClaimsPrincipal? Principal()
    {
        if (_explicit is not null) return _explicit;
        // In a circuit the HttpContext is gone; the authentication state provider holds the user.
        var authState = services.GetService<AuthenticationStateProvider>();
        if (authState is not null)
        {
            try
            {
                var task = authState.GetAuthenticationStateAsync();
                if (task.IsCompletedSuccessfully && task.Result.User.Identity?.IsAuthenticated == true)
                {
                    return task.Result.User;
                }
            }
            catch (InvalidOperationException)
            {
                // Not initialised for this scope (a plain HTTP endpoint): fall through to the HttpContext.
            }
        }
        var http = services.GetService<IHttpContextAccessor>()?.HttpContext;
        return http?.User.Identity?.IsAuthenticated == true ? http.User : null;
    }

    /// <summary>The client's address where there is a request (the circuit's first request in Blazor), else null.</summary>
    public string? ClientAddress() => services.GetService<IHttpContextAccessor>()?.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public Actor Resolve()
    {
        var principal = Principal();
        if (principal is null) return Actor.Nobody;
        return FromPrincipal(principal, (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow());
    }

    public static Actor FromPrincipal(ClaimsPrincipal principal, DateTimeOffset now)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var companyId = int.TryParse(principal.FindFirstValue(PortalClaims.CompanyId), out var id) ? id : (int?)null;
        if (ImpersonationClaims.Read(principal) is not { } ticket) return new Actor(ActorMode.User, userId, userId, companyId);
        if (now >= ticket.EndsAt)
        {
            // Ran out: the support user again, with no company.
            return new Actor(ActorMode.User, ticket.RealUserId, ticket.RealUserId, ExpiredSessionId: ticket.SessionId);
        }
        return new Actor(ticket.Write ? ActorMode.ImpersonatingWrite : ActorMode.ImpersonatingReadOnly,
            ticket.RealUserId, userId, companyId, ticket.SessionId, ticket.EndsAt);
    }
}
