using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>A real SQLite file (or PostgreSQL database) with the checked-in migrations applied, and a container per "scope" acting for one company.</summary>
public sealed class TestDb : IAsyncDisposable
{
    private readonly ServiceProvider _root;

    private TestDb(ServiceProvider root, string folder)
    {
        _root = root;
        Folder = folder;
    }

    public string Folder { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)_root.GetRequiredService<TimeProvider>();

    /// <param name="postgres">
    /// A fresh PostgreSQL database (<see cref="PostgresTestDatabase"/>, copied from a migrated template) instead of a
    /// SQLite file, wired as the portal wires it.
    /// </param>
    public static async Task<TestDb> CreateAsync(bool postgres = false)
    {
        var folder = TestPaths.NewFolder("db");
        var postgresConnection = postgres
            ? await PostgresTestDatabase.CreateMigratedAsync(async template =>
            {
                await using var migrating = new TestDb(Services(template, folder), folder);
                await migrating.MigrateAsync();
            })
            : null;
        var db = new TestDb(Services(postgresConnection, folder), folder);
        await db.MigrateAsync();
        return db;
    }

    private async Task MigrateAsync()
    {
        await using var scope = System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        await context.Database.MigrateAsync();
    }

    private static ServiceProvider Services(string? postgresConnection, string folder)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantSaveGuard>();
        services.AddScoped<TimestampInterceptor>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<Circular.Portal.Data.Audit.AuditInterceptor>();
        if (postgresConnection is not null)
        {
            services.AddDbContextFactory<PostgresPortalDbContext>((sp, o) => o.UseNpgsql(postgresConnection)
                .AddInterceptors(sp.GetRequiredService<TenantSaveGuard>(), sp.GetRequiredService<TimestampInterceptor>(),
                    sp.GetRequiredService<Circular.Portal.Data.Audit.AuditInterceptor>()), ServiceLifetime.Scoped);
            services.AddScoped<IDbContextFactory<PortalDbContext>, PostgresContextFactory>();
        }
        else
        {
            var connection = $"Data Source={Path.Combine(folder, "portal.db")}";
            services.AddDbContextFactory<PortalDbContext>((sp, o) => o.UseSqlite(connection)
                .AddInterceptors(sp.GetRequiredService<TenantSaveGuard>(), sp.GetRequiredService<TimestampInterceptor>(),
                    sp.GetRequiredService<Circular.Portal.Data.Audit.AuditInterceptor>()), ServiceLifetime.Scoped);
        }
        services.AddSingleton<Circular.Portal.Sync.Push.PushOutbox>();
        services.AddSingleton<Circular.Portal.Sync.Push.PushSignals>();
        services.AddScoped<ApplicationWorkflow>();
        return services.BuildServiceProvider();
    }

    /// <summary>A scope acting for one company, as a signed-in admin's circuit would.</summary>
    public TenantScope For(int companyId)
    {
        var scope = _root.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
        return new TenantScope(scope);
    }

    /// <summary>A scope with nobody signed in and no system service named.</summary>
    public TenantScope Anonymous() => new(_root.CreateAsyncScope());

    public TenantScope System()
    {
        var scope = _root.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        return new TenantScope(scope);
    }

    /// <summary>Creates a company with one published job and one application in stage New; returns their ids.</summary>
    public async Task<(int CompanyId, int JobId, int ApplicationId)> SeedCompanyAsync(string name)
    {
        await using var scope = System();
        await using var db = await scope.Factory.CreateDbContextAsync();
        var company = new Company { Name = name };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var job = new Job { CompanyId = company.Id, Title = $"{name} engineer", Status = JobStatus.Published };
        var candidate = new Candidate { CompanyId = company.Id, FirstName = "Test", LastName = name, Email = $"test@{name}.example".ToLowerInvariant() };
        var application = new Application { CompanyId = company.Id, PlatformApplicationId = $"p-{Guid.NewGuid():N}", Job = job, Candidate = candidate };
        db.Applications.Add(application);
        await db.SaveChangesAsync();
        return (company.Id, job.Id, application.Id);
    }

    public async ValueTask DisposeAsync() => await _root.DisposeAsync();
}

public sealed class TenantScope(AsyncServiceScope scope) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;

    public IDbContextFactory<PortalDbContext> Factory => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public ApplicationWorkflow Workflow => Services.GetRequiredService<ApplicationWorkflow>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
