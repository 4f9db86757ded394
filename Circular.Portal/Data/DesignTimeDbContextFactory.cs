using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Circular.Portal.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design-time.db").Options;
        var services = new ServiceCollection().BuildServiceProvider();
        var tenant = new TenantContext(services);
        tenant.RunAsSystem("DesignTime");
        return new PortalDbContext(options, tenant);
    }
}

/// <summary>
/// Lets <c>dotnet ef migrations add --context PostgresPortalDbContext</c> build the PostgreSQL model (no server needed;
/// <c>.ci/regen-postgres-migrations</c> runs it).
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options;
        var tenant = new TenantContext(new ServiceCollection().BuildServiceProvider());
        tenant.RunAsSystem("DesignTime");
        return new PostgresPortalDbContext(options, tenant);
    }
}
