using Circular.Portal.Data;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Data;

/// <summary>The SQLite settings and the one-process rule the portal starts with, and the duplicate-candidate migration.</summary>
public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Every_portal_connection_has_an_explicit_busy_timeout_of_a_few_seconds_and_full_sync()
    {
        using var portal = new PortalFactory();
        _ = portal.Services; // starts the portal

        var (busyTimeout, synchronous, commandTimeout) = await portal.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            return (await ScalarAsync(connection, "PRAGMA busy_timeout;"), await ScalarAsync(connection, "PRAGMA synchronous;"), connection.DefaultTimeout);
        });

        Assert.Equal(5000, busyTimeout);
        Assert.Equal(2, synchronous); // FULL
        Assert.Equal(5, commandTimeout);
    }

    [Fact]
    public void A_second_portal_on_the_same_data_folder_refuses_to_start_and_says_why()
    {
        using var first = new PortalFactory();
        _ = first.Services;
        using var second = new PortalFactory(dataFolder: first.DataFolder);

        var refused = Record.Exception(() => second.Services);

        Assert.NotNull(refused);
        var message = string.Join(" | ", Chain(refused).Select(e => e.Message));
        Assert.Contains("Another Circular Portal process is already using the database", message);
        Assert.Contains("Storage:DataFolder", message);
    }

    [Fact]
    public async Task The_lock_is_released_when_the_first_portal_stops()
    {
        var folder = TestPaths.NewFolder("portal");
        using (var first = new PortalFactory(dataFolder: folder))
        {
            _ = first.Services;
        }
        using var second = new PortalFactory(dataFolder: folder);

        Assert.True(await second.QueryAsync(db => db.Companies.AnyAsync()));
    }

    [Fact]
    public async Task The_migration_merges_duplicate_candidates_into_the_oldest_keeping_every_application_and_a_cv()
    {
        var folder = TestPaths.NewFolder("db");
        var options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "portal.db")}").Options;
        var tenant = new TenantContext(new ServiceCollection().BuildServiceProvider());
        tenant.RunAsSystem("Tests");
        await using var db = new PortalDbContext(options, tenant);
        await db.GetService<IMigrator>().MigrateAsync("20261129015355_MappingHealth");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO Companies (Id, Name, CreatedAt) VALUES (1, 'Acme', 0), (2, 'Globex', 0);
            INSERT INTO Jobs (Id, CompanyId, Title, Location, Department, EmploymentType, Description, Status, CreatedAt, UpdatedAt)
                VALUES (1, 1, 'Engineer', '', '', 'FullTime', '', 'Published', 0, 0), (2, 2, 'Engineer', '', '', 'FullTime', '', 'Published', 0, 0);
            INSERT INTO Candidates (Id, CompanyId, FirstName, LastName, Email, Cv_StoredName, Cv_FileName, Cv_ContentType, Cv_SizeBytes, CreatedAt, UpdatedAt) VALUES
                (10, 1, 'Ada', 'L', 'ada@example.com', NULL, NULL, NULL, NULL, 0, 0),
                (11, 1, 'Ada', 'L', 'ADA@example.com ', 'old.pdf', 'old.pdf', 'application/pdf', 1, 0, 0),
                (12, 1, 'Ada', 'L', 'ada@example.com', 'new.pdf', 'new.pdf', 'application/pdf', 2, 0, 0),
                (13, 1, 'Bob', 'B', 'bob@example.com', NULL, NULL, NULL, NULL, 0, 0),
                (14, 2, 'Ada', 'L', 'ada@example.com', NULL, NULL, NULL, NULL, 0, 0);
            INSERT INTO Applications (Id, CompanyId, PlatformApplicationId, JobId, CandidateId, Stage, StageChangedAt, Version, CreatedAt, UpdatedAt) VALUES
                (1, 1, 'p-1', 1, 10, 'New', 0, 'a', 0, 0), (2, 1, 'p-2', 1, 11, 'New', 0, 'b', 0, 0), (3, 1, 'p-3', 1, 12, 'New', 0, 'c', 0, 0),
                (4, 1, 'p-4', 1, 13, 'New', 0, 'd', 0, 0), (5, 2, 'p-5', 2, 14, 'New', 0, 'e', 0, 0);
            """);

        await db.Database.MigrateAsync();

        var candidates = await db.Candidates.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.CompanyId, c.Email, Cv = c.Cv == null ? null : c.Cv.StoredName }).ToListAsync();
        Assert.Equal(
            [new { Id = 10, CompanyId = 1, Email = "ada@example.com", Cv = (string?)"new.pdf" }, new { Id = 13, CompanyId = 1, Email = "bob@example.com", Cv = (string?)null },
             new { Id = 14, CompanyId = 2, Email = "ada@example.com", Cv = (string?)null }],
            candidates);
        var owners = await db.Applications.IgnoreQueryFilters().AsNoTracking().OrderBy(a => a.Id).Select(a => a.CandidateId).ToListAsync();
        Assert.Equal([10, 10, 10, 13, 14], owners);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException) yield return current;
    }
}
