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
