using System.Security.Claims;
using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Support;

/// <summary>What starting, elevating or stopping gave: the principal to sign in, or why not (in words for the page).</summary>
public sealed record ImpersonationResult(ClaimsPrincipal? Principal, string? Refusal)
{
    public bool Succeeded => Principal is not null;
}

/// <summary>
/// "View as this company": support's principal is re-issued as the company admin's with the support user as the real
/// actor (<see cref="ImpersonationClaims"/>), read-only until elevated with its own reason, for
/// <see cref="SupportOptions.ImpersonationLimit"/>. Start, elevation, stop and expiry are audit events of their own;
/// every refusal is audited too. Never nested, never of a support account, and only with the company's grant where it
/// requires one.
/// </summary>
public sealed class Impersonation(
    IDbContextFactory<PortalDbContext> dbFactory,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals,
    Auditor auditor,
    IOptions<SupportOptions> options,
    TimeProvider clock,
    ILogger<Impersonation> log)
{
    public const int ReasonMaxLength = 200;

    public async Task<ImpersonationResult> StartAsync(ClaimsPrincipal support, int companyId, string? reason, CancellationToken ct, string? targetUserId = null)
    {
        var now = clock.GetUtcNow();
        var actor = CurrentActor.FromPrincipal(support, now);
        var target = $"Company {companyId}";
        if (actor.IsImpersonating)
        {
            return await RefuseAsync(actor, target, Auditor.Why(ForbiddenWhileImpersonating.Impersonating), ct);
        }
        if (!await IsSupportAsync(actor.RealUserId))
        {
            return await RefuseAsync(actor, target, "Only Circular support staff can view as a company.", ct);
        }
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return new(null, "Give a reason (the ticket reference) before viewing as the company.");
        if (reason.Length > ReasonMaxLength) return new(null, $"Keep the reason under {ReasonMaxLength} characters.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == companyId, ct);
        if (company is null) return new(null, "That company does not exist.");
        if ((options.Value.RequireGrant || company.SupportAccessRequiresGrant) && !(company.SupportAccessUntil > now))
        {
            return await RefuseAsync(actor with { CompanyId = companyId }, target,
                $"{company.Name} has not granted support access{(company.SupportAccessUntil is { } until ? $" since {until:yyyy-MM-dd HH:mm} UTC" : "")}; ask its admin to allow it.", ct, reason);
        }
        var admin = targetUserId is null ? await AdminOfAsync(companyId) : await users.FindByIdAsync(targetUserId);
        if (admin is null) return new(null, $"{company.Name} has no admin to view as.");
        if (await users.IsInRoleAsync(admin, PortalRoles.Support))
        {
            return await RefuseAsync(actor with { CompanyId = companyId }, $"User {admin.Id}", "A support account cannot be viewed as.", ct, reason);
        }
        if (admin.CompanyId != companyId) return new(null, "That user is not in this company.");

        var supportUser = await users.FindByIdAsync(actor.RealUserId ?? "");
        var ticket = new ImpersonationTicket(actor.RealUserId!, supportUser?.DisplayName is { Length: > 0 } name ? name : supportUser?.Email ?? "Circular support",
            Guid.NewGuid().ToString("N"), now + options.Value.ImpersonationLimit, Write: false, reason);
        var principal = await principals.CreateAsync(admin);
        ImpersonationClaims.Add((ClaimsIdentity)principal.Identity!, ticket);
        await auditor.WriteAsync(Auditor.Entry(CurrentActor.FromPrincipal(principal, now), "Impersonation.Started", $"User {admin.Id}",
            AuditOutcome.Succeeded, reason, null, now), ct);
        log.LogInformation("Support user {SupportUserId} started viewing company {CompanyId} as {UserId}, session {SessionId}", actor.RealUserId, companyId, admin.Id, ticket.SessionId);
        return new(principal, null);
    }

    /// <summary>Write mode for the rest of the session, with a reason of its own.</summary>
    public async Task<ImpersonationResult> ElevateAsync(ClaimsPrincipal current, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var actor = CurrentActor.FromPrincipal(current, now);
        if (!actor.IsImpersonating || ImpersonationClaims.Read(current) is not { } ticket) return new(null, "You are not viewing as a company.");
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return new(null, "Give a reason for write mode.");
        if (reason.Length > ReasonMaxLength) return new(null, $"Keep the reason under {ReasonMaxLength} characters.");
        var identity = new ClaimsIdentity(current.Claims, current.Identity?.AuthenticationType);
        ImpersonationClaims.Add(identity, ticket with { Write = true });
        var principal = new ClaimsPrincipal(identity);
        await auditor.WriteAsync(Auditor.Entry(CurrentActor.FromPrincipal(principal, now), "Impersonation.Elevated", $"User {actor.EffectiveUserId}",
            AuditOutcome.Succeeded, reason, null, now), ct);
        return new(principal, null);
    }

    /// <summary>Ends the view (Stop, or the limit ran out) and gives back the support user's own principal.</summary>
    public async Task<ImpersonationResult> StopAsync(ClaimsPrincipal current, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (ImpersonationClaims.Read(current) is not { } ticket) return new(null, "You are not viewing as a company.");
        var expired = now >= ticket.EndsAt;
        var during = new Actor(ticket.Write ? ActorMode.ImpersonatingWrite : ActorMode.ImpersonatingReadOnly, ticket.RealUserId,
            current.FindFirstValue(ClaimTypes.NameIdentifier), int.TryParse(current.FindFirstValue(PortalClaims.CompanyId), out var c) ? c : null, ticket.SessionId, ticket.EndsAt);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var ended = await db.Set<AuditEntry>().AnyAsync(a => a.ImpersonationSessionId == ticket.SessionId
                && (a.Action == "Impersonation.Stopped" || a.Action == "Impersonation.Expired"), ct);
            if (!ended)
            {
                db.Add(Auditor.Entry(during, expired ? "Impersonation.Expired" : "Impersonation.Stopped", $"User {during.EffectiveUserId}",
                    AuditOutcome.Succeeded, expired ? $"Ended by itself at {ticket.EndsAt:yyyy-MM-dd HH:mm} UTC" : null, null, now));
                await db.SaveChangesAsync(ct);
            }
        }
        var support = await users.FindByIdAsync(ticket.RealUserId);
        if (support is null) return new(null, "The support account no longer exists.");
        return new(await principals.CreateAsync(support), null);
    }

    private async Task<bool> IsSupportAsync(string? userId) =>
        userId is not null && await users.FindByIdAsync(userId) is { } user && await users.IsInRoleAsync(user, PortalRoles.Support);

    private async Task<PortalUser?> AdminOfAsync(int companyId)
    {
        foreach (var user in await users.GetUsersInRoleAsync(PortalRoles.CompanyAdmin))
        {
            if (user.CompanyId == companyId && !await users.IsInRoleAsync(user, PortalRoles.Support)) return user;
        }
        return null;
    }

    private async Task<ImpersonationResult> RefuseAsync(Actor actor, string target, string why, CancellationToken ct, string? reason = null)
    {
        log.LogWarning("Refused to start viewing {Target} for {UserId}: {Why}", target, actor.RealUserId, why);
        await auditor.WriteAsync(Auditor.Entry(actor, "Impersonation.Start", target, AuditOutcome.Refused,
            reason is null ? why : $"{why} (reason given: {reason})", null, clock.GetUtcNow()), ct);
        return new(null, why);
    }
}
