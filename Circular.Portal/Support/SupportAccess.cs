using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Support;

/// <summary>The company's side: its audit trail (Activity) and whether support needs a grant ("allow support access until …").</summary>
public sealed class SupportAccess(IDbContextFactory<PortalDbContext> dbFactory, TenantContext tenant, Auditor auditor, TimeProvider clock)
{
    public static readonly TimeSpan[] GrantChoices = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(7)];

    /// <summary>The signed-in company's trail, newest first: every change and sensitive read, and every support visit.</summary>
    public async Task<IReadOnlyList<AuditLine>> ActivityAsync(CancellationToken ct, int max = 200)
    {
        var companyId = tenant.CompanyId;
        if (companyId is null) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AuditLines.ReadAsync(db, db.Set<AuditEntry>().AsNoTracking().Where(a => a.CompanyId == companyId), ct, max);
    }

    public async Task<Company?> CompanyAsync(CancellationToken ct)
    {
        if (tenant.CompanyId is not { } companyId) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == companyId, ct);
    }

    /// <summary>
    /// The admin requires a grant (or not) and grants access for <paramref name="grantFor"/> from now (null revokes).
    /// Support can never change it, not even in write mode.
    /// </summary>
    public async Task<string> SetAsync(bool requiresGrant, TimeSpan? grantFor, CancellationToken ct)
    {
        await auditor.DemandAsync(ForbiddenWhileImpersonating.UsersAndRoles, "SupportAccess.Changed", $"Company {tenant.CompanyId}", ct);
        if (tenant.CompanyId is not { } companyId) throw new ActorRefusedException("Only a company's admin can change support access.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.SingleAsync(c => c.Id == companyId, ct);
        company.SupportAccessRequiresGrant = requiresGrant;
        company.SupportAccessUntil = grantFor is { } span ? clock.GetUtcNow() + span : null;
        var words = !requiresGrant ? "Support may view your account when you ask for help."
            : company.SupportAccessUntil is { } until ? $"Support may view your account until {until:yyyy-MM-dd HH:mm} UTC."
            : "Support may not view your account until you grant access.";
        auditor.Name(db, "SupportAccess.Changed", $"Company {companyId}", words);
        await db.SaveChangesAsync(ct);
        return words;
    }
}
