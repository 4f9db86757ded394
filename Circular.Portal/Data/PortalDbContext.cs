using System.Linq.Expressions;
using Circular.Portal.Accounts;
using Circular.Portal.Marketplace;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Circular.Portal.Data;

/// <summary>
/// The one model. SQLite uses this type; PostgreSQL uses <see cref="PostgresPortalDbContext"/>, which only exists so the
/// two providers keep their own migration sets (a migration belongs to one context type).
/// </summary>
public class PortalDbContext(DbContextOptions options, TenantContext tenant)
    : IdentityDbContext<PortalUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    // Read by the query filters on every query: EF parameterises context members, so the filter follows the scope.
    private int? TenantCompanyId => tenant.CompanyId;
    private bool TenantBypass => tenant.BypassesFilter;

    /// <summary>The scope's tenancy and actor, for the feature methods' write gate (<see cref="Audit.WriteGate"/>).</summary>
    internal TenantContext Tenant => tenant;

    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Candidate> Candidates => Set<Candidate>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<ApplicationStageChange> StageChanges => Set<ApplicationStageChange>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Connections.AtsConnection> Connections => Set<Connections.AtsConnection>();
    public DbSet<Connections.OAuthState> OAuthStates => Set<Connections.OAuthState>();
    public DbSet<Jobs.AtsJob> AtsJobs => Set<Jobs.AtsJob>();
    public DbSet<Sync.SyncRun> SyncRuns => Set<Sync.SyncRun>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Sync.WebhookDelivery> WebhookDeliveries => Set<Sync.WebhookDelivery>();
    public DbSet<Jobs.JobLink> JobLinks => Set<Jobs.JobLink>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        foreach (var type in builder.Model.GetEntityTypes().Select(t => t.ClrType).ToList())
        {
            if (typeof(ICompanyOwned).IsAssignableFrom(type))
            {
                builder.Entity(type).HasQueryFilter(TenantFilter(type));
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; all our times are UTC, so UTC ticks order correctly.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        // e => TenantBypass || e.CompanyId == TenantCompanyId
        var e = Expression.Parameter(entityType, "e");
        var self = Expression.Constant(this, typeof(PortalDbContext));
        var bypass = Expression.Property(self, nameof(TenantBypass));
        var companyId = Expression.Convert(Expression.Property(e, nameof(ICompanyOwned.CompanyId)), typeof(int?));
        var current = Expression.Property(self, nameof(TenantCompanyId));
        return Expression.Lambda(Expression.OrElse(bypass, Expression.Equal(companyId, current)), e);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
