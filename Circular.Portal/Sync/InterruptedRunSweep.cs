using Circular.Portal.Connections;
using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// At start, before Quartz runs anything: sync runs still marked Running were cut short when the last process stopped
/// (a crash, a kill, a power cut), so they are closed as Interrupted. Once Quartz has started (and re-fired the runs it
/// recovers by itself), every connection whose run was interrupted, and every connection still waiting for its first
/// sync, gets a sync now unless one is already due: a first sync finishes, moves the connection to Connected and tells
/// the admins, instead of "Syncing…" for ever. Every live connection also gets its recurring status poll if it lacks one.
/// </summary>
public sealed class InterruptedRunSweep(IServiceScopeFactory scopes, ISchedulerFactory schedulers, TimeProvider clock, ILogger<InterruptedRunSweep> log,
    PortalDatabase database)
    : IHostedLifecycleService
{
    public const string InterruptedMessage = "Interrupted: the portal stopped while this sync ran. It runs again when the portal starts.";

    private readonly HashSet<int> _interrupted = [];

    public async Task StartAsync(CancellationToken ct)
    {
        // Several nodes on PostgreSQL: a run marked Running may be running on a live node. The clustered scheduler
        // re-runs the recoverable sync jobs of a node that stopped checking in.
        if (database.IsPostgres) return;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem(nameof(InterruptedRunSweep));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        var running = await db.SyncRuns.Where(r => r.Outcome == SyncRunOutcome.Running).ToListAsync(ct);
        if (running.Count == 0) return;
        var now = clock.GetUtcNow();
        foreach (var run in running)
        {
            run.Outcome = SyncRunOutcome.Interrupted;
            run.Error = InterruptedMessage;
            run.FinishedAt = now;
            _interrupted.Add(run.ConnectionId);
        }
        await db.SaveChangesAsync(ct);
        log.LogWarning("Closed {Count} sync runs left running by the last stop of the portal (connections {ConnectionIds})",
            running.Count, string.Join(", ", _interrupted));
    }

    public async Task StartedAsync(CancellationToken ct)
    {
        await RequestRecoveryOfOlderJobsAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem(nameof(InterruptedRunSweep));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        // Connections made before status polling existed, or after its interval setting changed, poll from now on.
        var live = await db.Connections.AsNoTracking().Where(c => c.State == ConnectionState.Connected || c.State == ConnectionState.Syncing)
            .Select(c => c.Id).ToListAsync(ct);
        foreach (var id in live) await scope.ServiceProvider.GetRequiredService<SyncScheduler>().EnsureStatusPollAsync(id, ct);

        var interrupted = _interrupted.ToList();
        var rerun = await db.Connections.AsNoTracking()
            .Where(c => c.State == ConnectionState.Syncing || (interrupted.Contains(c.Id) && c.State == ConnectionState.Connected))
            .Select(c => new { c.Id, c.State }).ToListAsync(ct);
        if (rerun.Count == 0) return;

        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var connection in rerun)
        {
            var key = SyncScheduler.JobKeyFor(connection.Id);
            if (await scheduler.GetJobDetail(key, ct) is null)
            {
                await scope.ServiceProvider.GetRequiredService<SyncScheduler>().ScheduleFirstSyncAsync(connection.Id, ct);
                log.LogInformation("Connection {ConnectionId} had no sync scheduled; its first sync is scheduled now", connection.Id);
                continue;
            }
            var soon = DateTimeOffset.UtcNow.AddMinutes(1);
            var triggers = await scheduler.GetTriggersOfJob(key, ct);
            if (triggers.Any(t => t.NextFireTimeUtc is { } next && next <= soon)) continue;
            var data = new JobDataMap();
            if (connection.State == ConnectionState.Syncing) data[SyncScheduler.FirstSyncKey] = true;
            await scheduler.TriggerJob(key, data, ct);
            log.LogInformation("Sync of connection {ConnectionId} runs again now after an interrupted run", connection.Id);
        }
    }

    /// <summary>Connection jobs stored before they asked for recovery (older databases) ask for it from now on.</summary>
    private async Task RequestRecoveryOfOlderJobsAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(SyncScheduler.JobKeyFor(0).Group), ct))
        {
            if (await scheduler.GetJobDetail(key, ct) is not { RequestsRecovery: false } detail) continue;
            await scheduler.AddJob(detail.GetJobBuilder().RequestRecovery().Build(), AddJobOptions.Replacing, ct);
        }
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
