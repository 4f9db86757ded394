using Circular.Portal.Marketplace;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Data;

public static class DataRegistration
{
    /// <summary>
    /// One PortalDbContext through a scoped factory (so each context sees its scope's tenant), SQLite by default
    /// in the data folder, in WAL mode. <c>Database:Provider</c> chooses the provider.
    /// </summary>
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<TenantSaveGuard>();
        builder.Services.AddScoped<TimestampInterceptor>();
        builder.Services.AddScoped<Audit.AuditInterceptor>();
        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection("Storage"));

        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported by this build; use 'Sqlite'.");
        }
        var connectionString = SqliteConnectionString(builder);
        builder.Services.AddSingleton(SqliteSettings.From(builder.Configuration));
        builder.Services.AddSingleton<SqlitePragmaInterceptor>();
        // A factory, not an instance: the container disposes what it creates, which releases the lock when the host stops.
        var databasePath = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        builder.Services.AddSingleton(_ => new DataFolderLock(databasePath));
        builder.Services.AddDbContextFactory<PortalDbContext>((services, options) =>
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(PortalDbContext).Assembly.FullName));
            options.AddInterceptors(services.GetRequiredService<TenantSaveGuard>(), services.GetRequiredService<TimestampInterceptor>(),
                services.GetRequiredService<Audit.AuditInterceptor>(), services.GetRequiredService<SqlitePragmaInterceptor>());
        }, ServiceLifetime.Scoped);
        return builder;
    }

    /// <summary>
    /// The configured SQLite connection string, or the data folder's <c>portal.db</c>; either way with the busy timeout of
    /// <see cref="SqliteSettings"/> (Microsoft.Data.Sqlite retries a locked database for <c>Default Timeout</c> seconds,
    /// 30 unless set), so Quartz's connections wait no longer than EF Core's.
    /// </summary>
    public static string SqliteConnectionString(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Portal");
        SqliteConnectionStringBuilder connection;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            connection = new SqliteConnectionStringBuilder(configured);
        }
        else
        {
            var folder = Path.GetFullPath(builder.Configuration["Storage:DataFolder"] ?? "App_Data", builder.Environment.ContentRootPath);
            Directory.CreateDirectory(folder);
            connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "portal.db"), Pooling = true };
        }
        connection.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(SqliteSettings.From(builder.Configuration).BusyTimeout.TotalSeconds));
        return connection.ToString();
    }

    /// <summary>
    /// Takes the data folder's lock (a second process on the same database stops here, before migrating or scheduling),
    /// applies the checked-in migrations and switches SQLite to WAL so readers never wait for the sync writer.
    /// </summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        services.GetRequiredService<DataFolderLock>().Acquire();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Migrations");
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}
