using Microsoft.Data.Sqlite;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// What the fleet's portal process did, read from its SQLite file beside it: connections connected, each status trigger's
/// schedule as Quartz stored it (first fire and interval: its due times are start + n × interval), and the status polls' runs.
/// </summary>
public sealed class FleetRecords(string databasePath)
{
    public sealed record Trigger(int ConnectionId, DateTimeOffset Start, TimeSpan Interval);

    public sealed record Poll(int ConnectionId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome);

    public Task<long> ConnectedAsync() =>
        ScalarAsync("SELECT COUNT(*) FROM AtsConnections WHERE State = 'Connected'");

    public Task<List<Trigger>> StatusTriggersAsync(string schedulerName) =>
        ReadAsync("""
                  SELECT t.TRIGGER_NAME, t.START_TIME, s.REPEAT_INTERVAL FROM QRTZ_TRIGGERS t
                  JOIN QRTZ_SIMPLE_TRIGGERS s ON s.SCHED_NAME = t.SCHED_NAME AND s.TRIGGER_NAME = t.TRIGGER_NAME AND s.TRIGGER_GROUP = t.TRIGGER_GROUP
                  WHERE t.SCHED_NAME = $scheduler AND t.TRIGGER_NAME LIKE 'status-poll-%'
                  """,
            r => new Trigger(int.Parse(r.GetString(0)["status-poll-".Length..]), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero),
                TimeSpan.FromMilliseconds(r.GetInt64(2))),
            ("$scheduler", schedulerName));

    /// <summary>The status polls that started at or after <paramref name="since"/>.</summary>
    public Task<List<Poll>> StatusPollsAsync(DateTimeOffset since) =>
        ReadAsync("SELECT ConnectionId, StartedAt, FinishedAt, Outcome FROM SyncRuns WHERE Kind = 'StatusPoll' AND StartedAt >= $since",
            r => new Poll(r.GetInt32(0), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero),
                r.IsDBNull(2) ? null : new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero), r.GetString(3)),
            ("$since", since.UtcTicks));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<T>> ReadAsync<T>(string sql, Func<SqliteDataReader, T> row, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }
}
