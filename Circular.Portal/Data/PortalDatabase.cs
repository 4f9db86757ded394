namespace Circular.Portal.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which database the portal runs on (<c>Database:Provider</c>, default SQLite) and whether this process applies the
/// migrations when it starts (<c>Database:MigrateOnStart</c>). SQLite is one node and migrates at start; PostgreSQL is
/// shared by several nodes, so migrations are a deploy step (<c>--migrate</c>) and a node only checks they are applied.
/// </summary>
public sealed record PortalDatabase(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart)
{
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var configured = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(configured) || configured.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)) return DatabaseProvider.Sqlite;
        if (configured.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || configured.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            return DatabaseProvider.Postgres;
        throw new InvalidOperationException($"Database:Provider '{configured}' is not supported; use 'Sqlite' (the default) or 'Postgres'.");
    }

    public static PortalDatabase From(IHostApplicationBuilder builder)
    {
        var provider = ProviderFrom(builder.Configuration);
        if (provider == DatabaseProvider.Sqlite)
            return new(provider, DataRegistration.SqliteConnectionString(builder), MigrateOnStart: true);
        var connectionString = builder.Configuration.GetConnectionString("Portal");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Portal is not set.");
        return new(provider, connectionString, builder.Configuration.GetValue("Database:MigrateOnStart", false));
    }
}
