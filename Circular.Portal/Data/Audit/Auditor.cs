using Circular.Portal.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Data.Audit;

/// <summary>Things the feature methods refuse while viewing as a company, whatever the mode.</summary>
public enum ForbiddenWhileImpersonating
{
    Secrets,
    ConnectOrDisconnect,
    UsersAndRoles,
    Deleting,
    Impersonating,
}

/// <summary>
/// The audit log's writer for what is not a plain save: sensitive reads (a CV download, a secret shown), impersonation
/// events, and refusals a feature method makes before it touches the database. Feature methods call
/// <see cref="Demand"/> / <see cref="DemandWrite"/> first thing; a refusal is written to the log in a save of its own.
/// </summary>
public sealed class Auditor(IDbContextFactory<PortalDbContext> dbFactory, TenantContext tenant, TimeProvider clock, ILogger<Auditor> log)
{
    public static AuditEntry Entry(Actor actor, string action, string? target, AuditOutcome outcome, string? detail, string? clientAddress, DateTimeOffset at) => new()
    {
        At = at,
        RealUserId = actor.RealUserId,
        EffectiveUserId = actor.EffectiveUserId,
        CompanyId = actor.CompanyId,
        ImpersonationSessionId = actor.ImpersonationSessionId ?? actor.ExpiredSessionId,
        Action = action,
        Target = target is { Length: > 500 } ? target[..500] : target,
        Outcome = outcome,
        Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        ClientAddress = clientAddress,
    };

    /// <summary>Refuses (and logs the refusal) when the actor may not write: a read-only impersonation, or one that ran out.</summary>
    public async Task DemandWriteAsync(string action, string? target, CancellationToken ct)
    {
        var actor = tenant.Actor;
        if (actor.Mode == ActorMode.ImpersonatingReadOnly)
        {
            await RefuseAsync(actor, action, target, "This is a read-only view of the company; elevate to write mode (with a reason) to change anything.", ct);
        }
        if (actor.ExpiredSessionId is not null && actor.CompanyId is null)
        {
            await RefuseAsync(actor, action, target, "Your view of the company has ended; start a new one from the support console.", ct);
        }
    }

    /// <summary>Refuses (and logs the refusal) an always-forbidden action while impersonating, in any mode.</summary>
    public async Task DemandAsync(ForbiddenWhileImpersonating what, string action, string? target, CancellationToken ct)
    {
        var actor = tenant.Actor;
        if (!actor.IsImpersonating) return;
        await RefuseAsync(actor, action, target, Why(what), ct);
    }

    public static string Why(ForbiddenWhileImpersonating what) => what switch
    {
        ForbiddenWhileImpersonating.Secrets => "Secrets are never shown or changed while viewing as a company.",
        ForbiddenWhileImpersonating.ConnectOrDisconnect => "Connecting or disconnecting an ATS is never allowed while viewing as a company.",
        ForbiddenWhileImpersonating.UsersAndRoles => "Users and roles cannot be changed while viewing as a company.",
        ForbiddenWhileImpersonating.Deleting => "Deleting data is never allowed while viewing as a company.",
        ForbiddenWhileImpersonating.Impersonating => "You are already viewing as a company; stop first.",
        _ => "Not allowed while viewing as a company.",
    };

    /// <summary>Names the action of the save <paramref name="db"/> is about to make (it then stands for that save in the log).</summary>
    public void Name(PortalDbContext db, string action, string? target, string? detail = null) =>
        db.Add(Entry(tenant.Actor, action, target, AuditOutcome.Succeeded, detail, tenant.ClientAddress, clock.GetUtcNow()));

    /// <summary>A sensitive read or an event (succeeded), in a save of its own.</summary>
    public Task RecordAsync(string action, string? target, string? detail, CancellationToken ct) =>
        WriteAsync(Entry(tenant.Actor, action, target, AuditOutcome.Succeeded, detail, tenant.ClientAddress, clock.GetUtcNow()), ct);

    public async Task WriteAsync(AuditEntry entry, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    private async Task RefuseAsync(Actor actor, string action, string? target, string why, CancellationToken ct)
    {
        log.LogWarning("Refused {Action} for {RealUserId} acting as {EffectiveUserId}: {Why}", action, actor.RealUserId, actor.EffectiveUserId, why);
        await WriteAsync(Entry(actor, action, target, AuditOutcome.Refused, why, tenant.ClientAddress, clock.GetUtcNow()), ct);
        throw new ActorRefusedException(why);
    }
}
