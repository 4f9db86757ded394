using System.Data.Common;
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

    public static async Task EnsurePostgresAsync(PortalDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (await ExistsAsync(connection, ct)) return;
        await using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Quartz no longer ships {Resource}; provision its schema another way.");
        using var reader = new StreamReader(stream);
        var script = await reader.ReadToEndAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_regclass('qrtz_job_details') IS NOT NULL";
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
