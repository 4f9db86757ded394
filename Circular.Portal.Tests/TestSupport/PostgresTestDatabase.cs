using Npgsql;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// PostgreSQL for the tests: <c>CIRCULAR_TEST_POSTGRES</c> names a server (a connection string whose user may create
/// databases; <c>.ci/run</c> starts one and sets it). Each caller gets a fresh database of its own.
/// </summary>
public static class PostgresTestDatabase
{
    public const string Variable = "CIRCULAR_TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set.");
        var name = $"circular_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    /// <summary>
    /// A database with the migrations applied, copied from a template migrated once per test run (a copy takes a
    /// fraction of a second; migrating takes seconds). <paramref name="migrate"/> applies them to the template.
    /// </summary>
    public static async Task<string> CreateMigratedAsync(Func<string, Task> migrate)
    {
        var server = Server ?? throw new InvalidOperationException($"{Variable} is not set.");
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                // No pooled connection may stay open on a template, or PostgreSQL refuses to copy it.
                var template = new NpgsqlConnectionStringBuilder(await CreateAsync()) { Pooling = false };
                await migrate(template.ToString());
                _template = template.Database;
            }
        }
        finally
        {
            TemplateGate.Release();
        }
        var name = $"circular_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {_template}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    /// <summary>Portal settings for a node on that database; one in-process node may migrate at start.</summary>
    public static Dictionary<string, string?> PortalSettings(string connectionString, bool migrateOnStart = true) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Portal"] = connectionString,
        ["Database:MigrateOnStart"] = migrateOnStart ? "true" : "false",
    };
}

/// <summary>A test that needs PostgreSQL: reported as skipped, with the reason, when <c>CIRCULAR_TEST_POSTGRES</c> is not set.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.Server is null)
            Skip = $"Needs PostgreSQL: set {PostgresTestDatabase.Variable} to a server's connection string (.ci/run does).";
    }
}
