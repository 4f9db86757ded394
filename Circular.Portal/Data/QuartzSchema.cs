using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Data;

/// <summary>
/// Quartz's clustered job store tables on PostgreSQL, created by the deploy step (<c>--migrate</c>) from the script
/// Quartz ships inside its own assembly, so schema and Quartz version always match. Nodes only validate them: two nodes
/// starting at once never race to create tables.
/// </summary>
public static class QuartzSchema
{
    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    /// <summary>The table prefix Quartz uses by default; PostgreSQL folds the unquoted names to lower case.</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// Runs Quartz's own provisioning script: every statement creates only what is missing (safe to run on every deploy).
    /// </summary>
    public static async Task EnsurePostgresAsync(PortalDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Quartz no longer ships {Resource}; provision its schema another way.");
        using var reader = new StreamReader(stream);
        var script = (await reader.ReadToEndAsync(ct)).Replace("{0}", TablePrefix).Replace("{1}", TablePrefix);
        foreach (var statement in script.Split("\n--;;").Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            if (statement.Split('\n').All(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) || line.Trim().Length == 0)) continue;
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
