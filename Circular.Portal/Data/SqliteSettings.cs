using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Circular.Portal.Data;

/// <summary>
/// The SQLite settings the portal relies on, set explicitly on every connection it opens.
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer waits this long for another writer's lock, then fails. A few seconds rides out the
/// normal short transactions of sync and the API; it is not 30 s, because a caller that fails (a vendor's webhook, the
/// platform's call) must hear "try again" (5xx) while it is still waiting, not an answer after its own timeout.</item>
/// <item><c>synchronous = FULL</c>: every commit is on disk before SaveChanges returns. The webhook inbox and the
/// Marketplace API acknowledge work only after storing it, so a power loss must not drop a commit they answered for
/// (NORMAL in WAL mode survives a process kill but may lose the last commits on power loss).</item>
/// </list>
/// </summary>
public sealed class SqliteSettings
{
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    public SqliteSettings(TimeSpan busyTimeout) => BusyTimeout = busyTimeout;

    public TimeSpan BusyTimeout { get; }

    /// <summary>What each connection runs when it opens (busy_timeout and synchronous are per connection in SQLite).</summary>
    public string ConnectionPragmas =>
        $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;";

    public static SqliteSettings From(IConfiguration configuration) =>
        new(configuration.GetValue("Database:BusyTimeout", DefaultBusyTimeout));
}

/// <summary>Runs <see cref="SqliteSettings.ConnectionPragmas"/> on every connection EF Core opens.</summary>
public sealed class SqlitePragmaInterceptor(SqliteSettings settings) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = settings.ConnectionPragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = settings.ConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
