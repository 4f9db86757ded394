namespace Circular.Portal.Sync;

/// <summary>
/// Pub/sub: integration pages refresh live while a sync runs or a connection changes state. In-process on SQLite; on
/// PostgreSQL published through <see cref="ILiveRelay"/> (LISTEN/NOTIFY), so a page on any node hears a change made on another.
/// </summary>
public sealed class SyncEvents
{
    public event Func<int, Task>? ConnectionChanged;

    /// <summary>Set on PostgreSQL by <see cref="PostgresLiveRelay"/>; null in one process.</summary>
    internal ILiveRelay? Relay { get; set; }

    public async Task PublishAsync(int companyId)
    {
        if (Relay is { } relay)
        {
            await relay.SendAsync(LiveTopic.Sync, companyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        if (ConnectionChanged is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<int, Task>>())
        {
            await handler(companyId);
        }
    }

    /// <summary>A change heard from the relay: each page is told on its own, none waits for a slow one.</summary>
    internal void Deliver(int companyId, ILogger log) => LiveFanOut.Start(ConnectionChanged, companyId, log);
}
