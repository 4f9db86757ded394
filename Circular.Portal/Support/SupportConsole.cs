using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Sync.Health;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Support;

/// <summary>One connection on the console: its health report (the same one its admin sees).</summary>
public sealed record ConsoleConnection(SyncHealthReport Health)
{
    public DateTimeOffset? LastSuccessfulRun => Health.LastRunByKind.Where(r => r.Outcome == Sync.SyncRunOutcome.Succeeded)
        .Select(r => r.FinishedAt ?? r.StartedAt).DefaultIfEmpty().Max() is { } t && t != default ? t : null;
}

/// <summary>One company on the console, with its problems counted so the list can put problems first.</summary>
public sealed record ConsoleCompany(int Id, string Name, bool RequiresGrant, DateTimeOffset? GrantUntil, IReadOnlyList<ConsoleConnection> Connections)
{
    public int Problems => Connections.Sum(c => c.Health.Problems.Count);
    public int PushesPending => Connections.Select(c => c.Health.PushesPending).DefaultIfEmpty().Max();
    public TimeSpan? OldestPendingAge => Connections.Select(c => c.Health.OldestPendingAge).Where(a => a is not null).DefaultIfEmpty().Max();
    public int DeadLetters => Connections.Sum(c => c.Health.DeadLetters);
}

/// <summary>
/// The support console's reads: every company with its connections' health, searchable, problems first; one company
/// with its health pages; the whole audit log. A named system service (it crosses companies), so it first checks that
/// the caller is support staff acting as themself, and refuses (and audits) anyone else, whatever page they came from.
/// </summary>
public sealed class SupportConsole(IServiceScopeFactory scopes, TenantContext tenant, Auditor auditor, TimeProvider clock)
{
    public const string ServiceName = "SupportConsole";

    public async Task<IReadOnlyList<ConsoleCompany>> CompaniesAsync(string? search, bool problemsOnly, CancellationToken ct)
    {
        await DemandSupportAsync("SupportConsole.Companies", ct);
        await using var scope = SystemScope(out var db);
        await using var _ = db;
        var query = db.Companies.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            var idMatch = int.TryParse(term, out var id) ? id : -1;
            query = query.Where(c => c.Name.ToLower().Contains(term) || c.Id == idMatch);
        }
        var companies = await query.OrderBy(c => c.Name).Take(200).ToListAsync(ct);
        var result = new List<ConsoleCompany>();
        foreach (var company in companies) result.Add(await CompanyAsync(scope.ServiceProvider, db, company, ct));
        return result.Where(c => !problemsOnly || c.Problems > 0)
            .OrderByDescending(c => c.Problems).ThenByDescending(c => c.DeadLetters).ThenBy(c => c.Name).ToList();
    }

    public async Task<ConsoleCompany?> CompanyAsync(int companyId, CancellationToken ct)
    {
        await DemandSupportAsync("SupportConsole.Company", ct);
        await using var scope = SystemScope(out var db);
        await using var _ = db;
        var company = await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == companyId, ct);
        return company is null ? null : await CompanyAsync(scope.ServiceProvider, db, company, ct);
    }

    /// <summary>The audit log: one company's, or everyone's; newest first.</summary>
    public async Task<IReadOnlyList<AuditLine>> AuditAsync(int? companyId, CancellationToken ct, int max = 200)
    {
        await DemandSupportAsync("SupportConsole.Audit", ct);
        await using var scope = SystemScope(out var db);
        await using var _ = db;
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (companyId is { } id) query = query.Where(a => a.CompanyId == id);
        return await AuditLines.ReadAsync(db, query, ct, max);
    }

    private static async Task<ConsoleCompany> CompanyAsync(IServiceProvider services, PortalDbContext db, Company company, CancellationToken ct)
    {
        var health = services.GetRequiredService<SyncHealth>();
        var ids = await db.Connections.AsNoTracking().Where(c => c.CompanyId == company.Id && c.State != ConnectionState.Disconnected)
            .OrderBy(c => c.Kind).Select(c => c.Id).ToListAsync(ct);
        var connections = new List<ConsoleConnection>();
        foreach (var id in ids)
        {
            if (await health.ReadAsync(db, id, ct) is { } report) connections.Add(new ConsoleConnection(report));
        }
        return new ConsoleCompany(company.Id, company.Name, company.SupportAccessRequiresGrant, company.SupportAccessUntil, connections);
    }

    private AsyncServiceScope SystemScope(out PortalDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem(ServiceName);
        db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        return scope;
    }

    private async Task DemandSupportAsync(string action, CancellationToken ct)
    {
        var actor = tenant.Actor;
        var principal = tenant.CurrentUser();
        var isSupport = actor.Mode == ActorMode.User
            && (principal?.IsInRole(PortalRoles.Support) == true || actor.ExpiredSessionId is not null);
        if (isSupport) return;
        await auditor.WriteAsync(Auditor.Entry(actor, action, null, AuditOutcome.Refused, "Only Circular support staff can open the support console.",
            tenant.ClientAddress, clock.GetUtcNow()), ct);
        throw new ActorRefusedException("Only Circular support staff can open the support console.");
    }
}
