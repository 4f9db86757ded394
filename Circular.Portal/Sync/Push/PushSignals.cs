using Circular.Portal.Data;
using System.Threading.Channels;

namespace Circular.Portal.Sync.Push;

/// <summary>
/// "This connection has a push to send": raised after the SaveChanges that queued it, relayed to the connection's Quartz
/// worker by <see cref="PushWakeRelay"/>. Only a hint for speed: a lost signal delays a push until the next sweep,
/// it never loses it (the row is the truth).
/// </summary>
public sealed class PushSignals
{
    private readonly Channel<int> _woken = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });

    public void Wake(int connectionId) => _woken.Writer.TryWrite(connectionId);

    public void Wake(IEnumerable<int> connectionIds)
    {
        foreach (var id in connectionIds) Wake(id);
    }

    internal ChannelReader<int> Woken => _woken.Reader;
}

/// <summary>Turns <see cref="PushSignals"/> into an immediate run of the connection's worker.</summary>
public sealed class PushWakeRelay(PushSignals signals, IServiceScopeFactory scopes, ILogger<PushWakeRelay> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WarmUpAsync(stoppingToken);
        try
        {
            await foreach (var connectionId in signals.Woken.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SyncScheduler>().WakeAsync(connectionId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The sweep finds the push anyway; only the speed-up is lost.
                    log.LogWarning(e, "Could not wake the worker of connection {ConnectionId}", connectionId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// Compiles the worker's queries and builds its services once at start: without it the first accept after a start took
    /// a second or more longer than the next ones (measured in PushBenchmark). Failures only lose the speed-up.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem(nameof(PushWakeRelay));
            _ = scope.ServiceProvider.GetRequiredService<SyncConnectionJob>();
            await scope.ServiceProvider.GetRequiredService<PushWorker>().WarmUpAsync(ct);
            await scope.ServiceProvider.GetRequiredService<SyncScheduler>().ExistsAsync(-1, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "Push warm-up skipped");
        }
    }
}
