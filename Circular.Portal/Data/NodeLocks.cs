using Npgsql;

namespace Circular.Portal.Data;

/// <summary>
/// Locks that several nodes share and that die with the node holding them: PostgreSQL session advisory locks on a
/// connection of their own. A node killed mid-work drops its connection, so the lock is free at once and another node
/// can take the work over, without waiting for a lease to run out. On SQLite (one node) every lock is granted.
/// Lock spaces keep the numbers of different things apart.
/// </summary>
public sealed class NodeLocks(PortalDatabase database, IServiceProvider services)
{
    public const int PushSpace = 7243101;
    public const int TokenRefreshSpace = 7243102;

    /// <summary>Null when another node (or this one) holds the lock; dispose the holder to release it.</summary>
    public async Task<IAsyncDisposable?> TryHoldAsync(int space, long id, CancellationToken ct)
    {
        if (!database.IsPostgres) return Held.None;
        var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = space });
        command.Parameters.Add(new NpgsqlParameter { Value = (int)id });
        if (await command.ExecuteScalarAsync(ct) is true) return new Held(connection);
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection? connection) : IAsyncDisposable
    {
        public static readonly Held None = new(null);

        public async ValueTask DisposeAsync()
        {
            // Closing returns the connection to the pool, which does not end the session: unlock explicitly.
            if (connection is null) return;
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
