using Quartz;

namespace Circular.Portal.Sync;

/// <summary>Schedules and cancels the Quartz work of one connection: the first sync now, then a recurring job sync.</summary>
public sealed class SyncScheduler(ISchedulerFactory schedulers, IConfiguration configuration)
{
    public const string ConnectionIdKey = "connectionId";
    public const string FirstSyncKey = "firstSync";

    private TimeSpan Interval => configuration.GetValue("Sync:JobSyncInterval", TimeSpan.FromMinutes(15));

    public static JobKey JobKeyFor(int connectionId) => new($"sync-connection-{connectionId}", "connections");

    public async Task ScheduleFirstSyncAsync(int connectionId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<SyncConnectionJob>()
            .WithIdentity(JobKeyFor(connectionId))
            .UsingJobData(ConnectionIdKey, connectionId)
            .StoreDurably()
            // A run cut short by a crash is fired again when the scheduler next starts (context.Recovering).
            .RequestRecovery()
            .Build();
        var first = TriggerBuilder.Create()
            .WithIdentity($"first-sync-{connectionId}-{Guid.NewGuid():N}", "connections")
            .ForJob(job)
            .UsingJobData(FirstSyncKey, true)
            .StartNow()
            .Build();
        var recurring = TriggerBuilder.Create()
            .WithIdentity($"job-sync-{connectionId}", "connections")
            .ForJob(job)
            .StartAt(DateTimeOffset.UtcNow.Add(Interval))
            .WithSimpleSchedule(s => s.WithInterval(Interval).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(job, [first, recurring], new ScheduleJobOptions { Replace = true }, ct);
    }

    /// <summary>Cancels everything pending for the connection (disconnect).</summary>
    public async Task UnscheduleAsync(int connectionId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.DeleteJob(JobKeyFor(connectionId), ct);
    }
}
