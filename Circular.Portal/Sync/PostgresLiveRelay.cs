using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Npgsql;

namespace Circular.Portal.Sync;

/// <summary>Carries live page updates between nodes.</summary>
public interface ILiveRelay
{
    Task SendAsync(char topic, string payload);
}

internal static class LiveTopic
{
    public const char Sync = 's';
    public const char Notification = 'n';
}

/// <summary>
/// Live updates across nodes on PostgreSQL: publishing is a <c>pg_notify</c> on the portal's channel; every node (the
/// publisher too) LISTENs on one connection of its own and hands what it hears to its local subscribers. If the
/// listening connection drops, it reconnects; updates sent meanwhile are missed (pages also refresh when opened).
/// </summary>
public sealed class PostgresLiveRelay(
    PortalDatabase database, NpgsqlDataSource dataSource, SyncEvents syncEvents, NotificationCenter notifications, ILogger<PostgresLiveRelay> log)
    : BackgroundService, ILiveRelay
{
    public const string Channel = "circular_portal_live";

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this node listens (tests wait for it before publishing).</summary>
    public Task Listening => _listening.Task;

    public async Task SendAsync(char topic, string payload)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = Channel });
        command.Parameters.Add(new NpgsqlParameter { Value = topic + payload });
        await command.ExecuteNonQueryAsync();
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        syncEvents.Relay = this;
        notifications.Relay = this;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its own unpooled connection: LISTEN belongs to a session, and a pooled one is reset when returned.
        var listen = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ToString();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listen);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await using (var command = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await command.ExecuteNonQueryAsync(stoppingToken);
                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Listening for live updates failed; listening again in 2 s");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Dispatch(string payload)
    {
        if (payload.Length < 2) return;
        var value = payload[1..];
        switch (payload[0])
        {
            case LiveTopic.Sync when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var companyId):
                syncEvents.Deliver(companyId, log);
                break;
            case LiveTopic.Notification:
                notifications.Deliver(value, log);
                break;
        }
    }
}

internal static class LiveFanOut
{
    /// <summary>Starts every subscriber on its own without waiting: a slow or broken circuit delays nobody else.</summary>
    public static void Start<T>(Func<T, Task>? handlers, T value, ILogger log)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
        {
            _ = Task.Run(async () =>
            {
                try { await handler(value); }
                catch (Exception e) { log.LogDebug(e, "A live update subscriber failed"); }
            });
        }
    }
}
