using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Reads and arranges the running portal's database as a named system service, for assertions.</summary>
public static class PortalData
{
    public static async Task<T> QueryAsync<T>(this PortalFactory factory, Func<PortalDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public static Task<int> CompanyIdAsync(this PortalFactory factory, string name) =>
        factory.QueryAsync(db => db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    /// <summary>A published job of the named demo company.</summary>
    public static Task<int> PublishedJobIdAsync(this PortalFactory factory, string company) =>
        factory.QueryAsync(db => db.Jobs.Where(j => j.Status == JobStatus.Published && db.Companies.Any(c => c.Id == j.CompanyId && c.Name == company))
            .OrderBy(j => j.Id).Select(j => j.Id).FirstAsync());

    /// <summary>A published Circular job the company wrote itself (not imported), written as a system service; returns its id.</summary>
    public static Task<int> AddPublishedJobAsync(this PortalFactory factory, int companyId, string title, string location, string department) =>
        factory.QueryAsync(async db =>
        {
            var job = new Job { CompanyId = companyId, Title = title, Location = location, Department = department, Status = JobStatus.Published };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
}
