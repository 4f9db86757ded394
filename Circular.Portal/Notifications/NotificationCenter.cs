namespace Circular.Portal.Notifications;

/// <summary>In-process pub/sub: the bell of every open circuit of a user refreshes the moment a notification is written.</summary>
public sealed class NotificationCenter
{
    public event Func<string, Task>? Changed;

    public async Task PublishAsync(IEnumerable<string> userIds)
    {
        if (Changed is not { } handlers) return;
        foreach (var userId in userIds.Distinct())
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<string, Task>>())
            {
                await handler(userId);
            }
        }
    }
}
