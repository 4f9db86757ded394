namespace Circular.Portal.Sync;

/// <summary>In-process pub/sub: integration pages refresh live while a sync runs or a connection changes state.</summary>
public sealed class SyncEvents
{
    public event Func<int, Task>? ConnectionChanged;

    public async Task PublishAsync(int companyId)
    {
        if (ConnectionChanged is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<int, Task>>())
        {
            await handler(companyId);
        }
    }
}
