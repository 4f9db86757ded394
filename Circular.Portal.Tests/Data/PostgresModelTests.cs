using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Data;

/// <summary>The one model on PostgreSQL: its migration set applies, demo data seeds, search and concurrency behave as on SQLite.</summary>
public sealed class PostgresModelTests
{
    [PostgresFact]
    public async Task The_portal_migrates_and_seeds_its_demo_data_on_postgres()
    {
        await using var portal = new PortalFactory(settings: PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync()));
        using var client = portal.CreateClient();
        var login = await client.GetAsync("/account/login");

        Assert.True(login.IsSuccessStatusCode);
        Assert.True(await portal.QueryAsync(db => db.Database.IsNpgsql() ? Task.FromResult(true) : Task.FromResult(false)));
        Assert.True(await portal.QueryAsync(db => db.Users.CountAsync()) >= 3);
        Assert.Empty(await portal.QueryAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));
    }

    [PostgresFact]
    public async Task Job_search_finds_the_same_jobs_on_postgres_as_on_sqlite()
    {
        await using var postgres = new PortalFactory(settings: PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync()));
        await using var sqlite = new PortalFactory();

        foreach (var text in new[] { "engineer", "ENGINEER", "100%", "a_b", "berlin" })
        {
            var onPostgres = await SearchAsync(postgres, text);
            var onSqlite = await SearchAsync(sqlite, text);
            Assert.Equal(onSqlite, onPostgres);
        }
        Assert.Equal(["Senior Engineer"], await SearchAsync(postgres, "engineer"));
        Assert.Equal(["Growth 100% remote"], await SearchAsync(postgres, "100%"));
        Assert.Equal(["Ops a_b"], await SearchAsync(postgres, "a_b"));
    }

    [PostgresFact]
    public async Task Two_saves_of_one_application_from_the_same_read_conflict_on_postgres()
    {
        await using var portal = new PortalFactory(settings: PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync()));
        var companyId = await portal.CompanyIdAsync("Northwind Robotics");
        var jobId = await portal.AddPublishedJobAsync(companyId, "Conflict", "Remote", "QA");
        var applicationId = await portal.QueryAsync(async db =>
        {
            var candidate = new Candidate { CompanyId = companyId, FirstName = "Ada", LastName = "Race", Email = $"ada-{Guid.NewGuid():N}@example.com" };
            var application = new Application { CompanyId = companyId, PlatformApplicationId = Guid.NewGuid().ToString("N"), JobId = jobId, Candidate = candidate };
            db.Add(application);
            await db.SaveChangesAsync();
            return application.Id;
        });

        await using var scope = portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var first = await factory.CreateDbContextAsync();
        await using var second = await factory.CreateDbContextAsync();
        var a = await first.Applications.SingleAsync(x => x.Id == applicationId);
        var b = await second.Applications.SingleAsync(x => x.Id == applicationId);
        a.Stage = ApplicationStage.InterviewRequested;
        await first.SaveChangesAsync();
        b.Stage = ApplicationStage.Rejected;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal(ApplicationStage.InterviewRequested, await portal.QueryAsync(db => db.Applications.Where(x => x.Id == applicationId).Select(x => x.Stage).SingleAsync()));
    }

    private static async Task<List<string>> SearchAsync(PortalFactory portal, string text)
    {
        var companyId = await portal.CompanyIdAsync("Northwind Robotics");
        if (!await portal.QueryAsync(db => db.Jobs.AnyAsync(j => j.Title == "Senior Engineer")))
        {
            await portal.AddPublishedJobAsync(companyId, "Senior Engineer", "Berlin", "Tech");
            await portal.AddPublishedJobAsync(companyId, "Growth 100% remote", "Remote", "Marketing");
            await portal.AddPublishedJobAsync(companyId, "Ops a_b", "Lisbon", "Ops");
            await portal.AddPublishedJobAsync(companyId, "Ops axb", "Lisbon", "Ops");
        }
        return await portal.QueryAsync(db => JobQueries.Search(db.Jobs.Where(j => j.CompanyId == companyId), text, JobStatus.Published)
            .Where(j => j.Title == "Senior Engineer" || j.Title == "Growth 100% remote" || j.Title.StartsWith("Ops a"))
            .OrderBy(j => j.Title).Select(j => j.Title).ToListAsync());
    }

    [PostgresFact]
    public async Task The_database_itself_refuses_updates_and_deletes_of_audit_rows_on_postgres()
    {
        await using var portal = new PortalFactory(settings: PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync()));
        var id = await portal.QueryAsync(async db =>
        {
            var entry = new Circular.Portal.Data.Audit.AuditEntry { At = DateTimeOffset.UtcNow, Action = "test.append-only", Detail = "kept as written" };
            db.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => portal.QueryAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'changed' WHERE \"Id\" = {0}", id)));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => portal.QueryAsync(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", id)));

        Assert.Equal("kept as written", await portal.QueryAsync(db => db.Set<Circular.Portal.Data.Audit.AuditEntry>().Where(a => a.Id == id).Select(a => a.Detail).SingleAsync()));
    }
}
