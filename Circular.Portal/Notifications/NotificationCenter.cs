using Circular.Portal.Sync;

namespace Circular.Portal.Notifications;

/// <summary>
/// Pub/sub: the bell of every open circuit of a user refreshes the moment a notification is written. In-process on
/// SQLite; on PostgreSQL published through <see cref="ILiveRelay"/> (LISTEN/NOTIFY), so a circuit on any node hears it.
/// </summary>
public sealed class NotificationCenter
{
    public event Func<string, Task>? Changed;

    /// <summary>Set on PostgreSQL by <see cref="PostgresLiveRelay"/>; null in one process.</summary>
    internal ILiveRelay? Relay { get; set; }

    public async Task PublishAsync(IEnumerable<string> userIds)
    {
        foreach (var userId in userIds.Distinct())
        {
            if (Relay is { } relay)
            {
                await relay.SendAsync(LiveTopic.Notification, userId);
                continue;
            }
            if (Changed is not { } handlers) continue;
            foreach (var handler in handlers.GetInvocationList().Cast<Func<string, Task>>())
            {
                await handler(userId);
            }
        }
    }

    /// <summary>A notification heard from the relay: each circuit is told on its own, none waits for a slow one.</summary>
    internal void Deliver(string userId, ILogger log) => LiveFanOut.Start(Changed, userId, log);
}
