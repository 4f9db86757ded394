using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync.Push;

/// <summary>
/// The safety net under the wake-ups: every half minute, wakes each connection that has a push due (its wake-up was
/// lost, or its backoff ended) or a claim whose lease ran out.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PushSweepJob(TenantContext tenant, IDbContextFactory<PortalDbContext> dbFactory, SyncScheduler scheduler, TimeProvider clock) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
    {
        tenant.RunAsSystem(nameof(PushSweepJob));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Set<CandidatePush>()
            .Where(p => p.ConnectionId != null
                        && ((p.State == PushState.Queued && (p.NextAttemptAt == null || p.NextAttemptAt <= now))
                            || (p.State == PushState.Sending && p.LockedUntil < now)))
            .Select(p => p.ConnectionId!.Value).Distinct().ToListAsync(ct);
        var paused = await db.Connections.Where(c => due.Contains(c.Id) && c.RateLimitedUntil > now).Select(c => c.Id).ToListAsync(ct);
        foreach (var connectionId in due.Except(paused)) await scheduler.WakeAsync(connectionId, ct);
    }
}

/// <summary>
/// At start, before any worker runs: a push left "Sending" belongs to a process that stopped mid-send (this is a single
/// node), so it goes back to the queue at once instead of waiting for its lease; the marker lookup makes the resend safe.
/// </summary>
public sealed class PushStartupSweep(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PushStartupSweep> log, PortalDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Several nodes on PostgreSQL: a push Sending elsewhere may be in flight on a live node; the worker's claim takes
        // over only pushes whose node is gone (their node lock is free).
        if (database.IsPostgres) return;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem(nameof(PushStartupSweep));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        var interrupted = await db.Set<CandidatePush>().Where(p => p.State == PushState.Sending && p.LockedBy != PushWorker.Instance).ToListAsync(cancellationToken);
        if (interrupted.Count == 0) return;
        var now = clock.GetUtcNow();
        foreach (var push in interrupted)
        {
            push.State = PushState.Queued;
            push.LockedUntil = null;
            push.NextAttemptAt = now;
            push.Version = Guid.NewGuid();
            PushOutbox.AddEvent(db, push, PushEventKind.AttemptFailed, $"Attempt {push.Attempts} was interrupted by a restart; sending again", now, push.Attempts);
        }
        await db.SaveChangesAsync(cancellationToken);
        log.LogWarning("{Count} pushes interrupted by a stop go out again", interrupted.Count);
        var signals = scope.ServiceProvider.GetRequiredService<PushSignals>();
        signals.Wake(interrupted.Where(p => p.ConnectionId != null).Select(p => p.ConnectionId!.Value).Distinct());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
