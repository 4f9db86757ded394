using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Makes a fresh company with its own admin, so tests that connect vendors never share a tenant.</summary>
public static class TestCompanies
{
    public static async Task<(int CompanyId, string AdminEmail)> CreateAsync(this PortalFactory factory, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var company = new Company { Name = name };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var email = $"admin-{Guid.NewGuid():N}@{name.ToLowerInvariant().Replace(' ', '-')}.example";
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, CompanyId = company.Id, DisplayName = $"{name} admin" };
        Check(await users.CreateAsync(user, DemoSeeder.DemoPassword));
        Check(await users.AddToRoleAsync(user, PortalRoles.CompanyAdmin));
        return (company.Id, email);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
