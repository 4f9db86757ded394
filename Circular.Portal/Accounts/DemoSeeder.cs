using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Accounts;

/// <summary>Development-only demo data: two companies with an admin each, one support user, and a few jobs and candidates.</summary>
public sealed class DemoSeeder(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<PortalDbContext> dbFactory,
    TenantContext tenant,
    TimeProvider clock,
    ILogger<DemoSeeder> log)
{
    public const string DemoPassword = "Circular-Demo-2026";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@northwind.example", "Northwind Robotics", PortalRoles.CompanyAdmin),
        new("admin@fjord.example", "Fjord Analytics", PortalRoles.CompanyAdmin),
        new("support@circular.example", null, PortalRoles.Support),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        tenant.RunAsSystem(nameof(DemoSeeder));
        foreach (var role in new[] { PortalRoles.CompanyAdmin, PortalRoles.Support })
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var account in Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is not null) continue;
            int? companyId = null;
            if (account.Company is not null)
            {
                var company = new Company { Name = account.Company, CreatedAt = clock.GetUtcNow() };
                db.Companies.Add(company);
                await db.SaveChangesAsync(ct);
                companyId = company.Id;
                await SeedMarketplaceAsync(db, company.Id, ct);
            }
            var user = new PortalUser
            {
                UserName = account.Email,
                Email = account.Email,
                EmailConfirmed = true,
                CompanyId = companyId,
                DisplayName = account.Company is null ? "Circular Support" : $"{account.Company} admin",
            };
            Check(await users.CreateAsync(user, DemoPassword));
            Check(await users.AddToRoleAsync(user, account.Role));
            log.LogInformation("Seeded demo user {Email}", account.Email);
        }
    }

    private async Task SeedMarketplaceAsync(PortalDbContext db, int companyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        (string Title, string Location, string Department)[] jobs =
        [
            ("Senior Backend Engineer (.NET)", "Berlin", "Engineering"),
            ("Product Designer", "Remote (EU)", "Design"),
            ("Data Analyst", "Copenhagen", "Data"),
            ("Customer Success Manager", "London", "Customer Success"),
            ("Site Reliability Engineer", "Remote", "Engineering"),
        ];
        var created = jobs.Select((j, i) => new Job
        {
            CompanyId = companyId,
            Title = j.Title,
            Location = j.Location,
            Department = j.Department,
            Description = $"{j.Title} at a growing team. Circular demo data.",
            Status = i < 4 ? JobStatus.Published : JobStatus.Draft,
            PublishedAt = i < 4 ? now : null,
        }).ToList();
        db.Jobs.AddRange(created);
        await db.SaveChangesAsync(ct);

        (string First, string Last)[] people = [("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")];
        for (var i = 0; i < people.Length; i++)
        {
            var (first, last) = people[i];
            var candidate = new Candidate
            {
                CompanyId = companyId,
                FirstName = first,
                LastName = last,
                Email = $"{first}.{last}.{companyId}@candidates.example".ToLowerInvariant(),
                Phone = $"+44 20 7946 01{i}{companyId}",
                LinkedInUrl = $"https://www.linkedin.com/in/{first}-{last}-demo".ToLowerInvariant(),
            };
            var application = new Application
            {
                CompanyId = companyId,
                PlatformApplicationId = $"demo-{companyId}-{i + 1}",
                JobId = created[0].Id,
                Candidate = candidate,
                StageChangedAt = now,
            };
            application.History.Add(new ApplicationStageChange { CompanyId = companyId, To = ApplicationStage.New, At = now, By = ApplicationIntake.PlatformActor });
            db.Applications.Add(application);
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Demo seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

public sealed record DemoAccount(string Email, string? Company, string Role);
