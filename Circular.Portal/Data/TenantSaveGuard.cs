using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Circular.Portal.Data;

/// <summary>
/// Refuses to write a company-owned row that belongs to another company than the scope's,
/// and stamps new rows with the scope's company. System services are trusted to set CompanyId themselves.
/// </summary>
public sealed class TenantSaveGuard(TenantContext tenant) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Guard(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Guard(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Guard(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<ICompanyOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (tenant.BypassesFilter)
            {
                if (entry.Entity.CompanyId == 0)
                    throw new TenantViolationException($"{entry.Metadata.ClrType.Name} saved by {tenant.SystemService} without a company.");
                continue;
            }
            var companyId = tenant.CompanyId
                ?? throw new TenantViolationException($"{entry.Metadata.ClrType.Name} cannot be saved without a company in scope.");
            if (entry.State == EntityState.Added && entry.Entity.CompanyId == 0)
            {
                entry.Entity.CompanyId = companyId;
            }
            var original = entry.State == EntityState.Added
                ? entry.Entity.CompanyId
                : (int)entry.OriginalValues[nameof(ICompanyOwned.CompanyId)]!;
            if (entry.Entity.CompanyId != companyId || original != companyId)
            {
                throw new TenantViolationException($"{entry.Metadata.ClrType.Name} belongs to another company.");
            }
        }
    }
}
