using Circular.Portal.Marketplace;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Circular.Portal.Data;

public static class DataRegistration
{
    /// <summary>
    /// One PortalDbContext through a scoped factory (so each context sees its scope's tenant), SQLite by default
    /// in the data folder, in WAL mode. <c>Database:Provider</c> = <c>Postgres</c> (with <c>ConnectionStrings:Portal</c>) runs it on PostgreSQL.
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

        var database = PortalDatabase.From(builder);
        builder.Services.AddSingleton(database);
        if (database.IsPostgres) AddPostgres(builder, database);
        else AddSqlite(builder, database.ConnectionString);
        return builder;
    }

    private static void AddSqlite(IHostApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddSingleton(SqliteSettings.From(builder.Configuration));
        builder.Services.AddSingleton<SqlitePragmaInterceptor>();
        // A factory, not an instance: the container disposes what it creates, which releases the lock when the host stops.
        var databasePath = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        builder.Services.AddSingleton(_ => new DataFolderLock(databasePath));
        builder.Services.AddSingleton<NodeLocks>();
        builder.Services.AddDbContextFactory<PortalDbContext>((services, options) =>
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(PortalDbContext).Assembly.FullName));
            options.AddInterceptors(services.GetRequiredService<TenantSaveGuard>(), services.GetRequiredService<TimestampInterceptor>(),
                services.GetRequiredService<Audit.AuditInterceptor>(), services.GetRequiredService<SqlitePragmaInterceptor>());
        }, ServiceLifetime.Scoped);
    }

    /// <summary>
    /// Npgsql through one shared data source (its pool also serves the advisory locks and LISTEN/NOTIFY); every
    /// <see cref="PortalDbContext"/> the code asks for is a <see cref="PostgresPortalDbContext"/>. No data-folder lock:
    /// several nodes share the database.
    /// </summary>
    private static void AddPostgres(IHostApplicationBuilder builder, PortalDatabase database)
    {
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        builder.Services.AddSingleton<NodeLocks>();
        builder.Services.AddDbContextFactory<PostgresPortalDbContext>((services, options) =>
        {
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(),
                npgsql => npgsql.MigrationsAssembly(typeof(PortalDbContext).Assembly.FullName));
            options.AddInterceptors(services.GetRequiredService<TenantSaveGuard>(), services.GetRequiredService<TimestampInterceptor>(),
                services.GetRequiredService<Audit.AuditInterceptor>());
        }, ServiceLifetime.Scoped);
        builder.Services.AddScoped<IDbContextFactory<PortalDbContext>, PostgresContextFactory>();
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
    /// Brings the database to the checked-in migrations. On SQLite it first takes the data folder's lock (a second process
    /// on the same database stops here, before migrating or scheduling) and switches to WAL so readers never wait for the
    /// sync writer. On PostgreSQL this is the deploy step (<c>--migrate</c>): it also creates Quartz's tables; nodes call
    /// <see cref="EnsurePortalDatabaseReadyAsync"/> instead.
    /// </summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        services.GetService<DataFolderLock>()?.Acquire();
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
            await db.Database.MigrateAsync(ct);
            return;
        }
        // One migrator at a time even if two deploys overlap.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7243001)", ct);
            await db.Database.MigrateAsync(ct);
            await QuartzSchema.EnsurePostgresAsync(db, ct);
            await Audit.AuditAppendOnly.EnsurePostgresAsync(db, ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7243001)", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// At start: migrates where this process is the only node (SQLite, or <c>Database:MigrateOnStart</c>); otherwise
    /// refuses to run on a database the deploy step has not migrated yet, and says what to run.
    /// </summary>
    public static async Task EnsurePortalDatabaseReadyAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        if (services.GetRequiredService<PortalDatabase>().MigrateOnStart)
        {
            await services.MigratePortalDatabaseAsync(ct);
            return;
        }
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Migrations");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The database is missing {pending.Count} migration(s) ({pending[^1]}). Run the deploy step first: " +
                "the portal with --migrate (same settings), then start the nodes.");
    }
}
