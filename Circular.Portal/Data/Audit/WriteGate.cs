using Circular.Portal.Accounts;

namespace Circular.Portal.Data.Audit;

/// <summary>
/// The first line of every mutating feature method: a read-only impersonation (or one that ran out) is refused before
/// the method reads or writes anything, and the refusal is logged. Works on the context the method already made, so
/// the feature classes need no new dependency. The save path refuses again (<see cref="AuditInterceptor"/>) if a method forgot.
/// </summary>
public static class WriteGate
{
    public static async Task DemandWriteAsync(this PortalDbContext db, string action, string? target, CancellationToken ct)
    {
        var tenant = db.Tenant;
        var actor = tenant.Actor;
        var why = actor.Mode == ActorMode.ImpersonatingReadOnly
            ? "This is a read-only view of the company; elevate to write mode (with a reason) to change anything."
            : actor.ExpiredSessionId is not null && tenant.CompanyId is null
                ? "Your view of the company has ended; start a new one from the support console."
                : null;
        if (why is null) return;
        db.ChangeTracker.Clear();
        db.Add(Auditor.Entry(actor, action, target, AuditOutcome.Refused, why, tenant.ClientAddress, tenant.Clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        throw new ActorRefusedException(why);
    }

}
