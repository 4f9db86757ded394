using Microsoft.AspNetCore.Authorization;

namespace Circular.Portal.Accounts;

/// <summary>
/// The portal's authorisation, by what the actor may do rather than by role strings. Each policy reads the principal
/// as an <see cref="Actor"/> at the current time, so an impersonation that ran out fails them at the next check.
/// </summary>
public static class PortalPolicies
{
    /// <summary>A company admin, or support viewing as one (read-only unless elevated).</summary>
    public const string CompanyAdmin = nameof(CompanyAdmin);
    /// <summary>Circular support staff as themselves (not while viewing as a company).</summary>
    public const string Support = nameof(Support);
    /// <summary>Nobody is impersonating: secrets, connecting, users and roles.</summary>
    public const string NotImpersonating = nameof(NotImpersonating);
    /// <summary>The actor may change things: not a read-only impersonation.</summary>
    public const string WriteAllowed = nameof(WriteAllowed);

    public static void Add(AuthorizationOptions options)
    {
        foreach (var name in new[] { CompanyAdmin, Support, NotImpersonating, WriteAllowed })
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(new ActorRequirement(name)));
        }
    }

    /// <summary>Whether an actor (with its principal's roles) meets a policy; the one rule the handler and the feature methods share.</summary>
    public static bool Allows(string policy, Actor actor, Func<string, bool> isInRole) => policy switch
    {
        CompanyAdmin => actor.IsPerson && actor.CompanyId is not null && isInRole(PortalRoles.CompanyAdmin),
        Support => actor.Mode == ActorMode.User && !actor.IsImpersonating && isInRole(PortalRoles.Support),
        NotImpersonating => !actor.IsImpersonating,
        WriteAllowed => actor.Mode != ActorMode.ImpersonatingReadOnly,
        _ => false,
    };
}

public sealed record ActorRequirement(string Policy) : IAuthorizationRequirement;

internal sealed class ActorRequirementHandler(TimeProvider clock) : AuthorizationHandler<ActorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ActorRequirement requirement)
    {
        var actor = CurrentActor.FromPrincipal(context.User, clock.GetUtcNow());
        // After an impersonation ran out the principal still carries the company admin's roles; only the support role counts then.
        bool IsInRole(string role) => actor.ExpiredSessionId is null ? context.User.IsInRole(role) : role == PortalRoles.Support;
        if (PortalPolicies.Allows(requirement.Policy, actor, IsInRole)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
