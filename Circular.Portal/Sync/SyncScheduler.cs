using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Schedules and cancels the Quartz work of one connection. Each connection has one durable job key (its worker): the
/// first sync, the recurring job sync and push wake-ups are triggers on it, so a connection's vendor work never runs twice
/// at once (its rate budget and token refresh are never raced) while different connections run in parallel.
/// </summary>
public sealed class SyncScheduler(ISchedulerFactory schedulers, IConfiguration configuration)
{
    public const string ConnectionIdKey = "connectionId";
    public const string FirstSyncKey = "firstSync";
    /// <summary>On wake-up triggers: run the connection's pushes and stored webhook events, not a job listing.</summary>
    public const string WakeKey = "wake";
    /// <summary>On the recurring status trigger: poll the vendor for the statuses of the candidates Circular pushed.</summary>
    public const string StatusPollKey = "statusPoll";
    /// <summary>"Sync now": a job sync and a status poll at once, through the same worker.</summary>
    public const string SyncNowKey = "syncNow";

    private TimeSpan Interval => configuration.GetValue("Sync:JobSyncInterval", TimeSpan.FromMinutes(15));

    /// <summary><c>Sync:StatusPollInterval</c>, 5 minutes by default.</summary>
    public TimeSpan StatusPollInterval => configuration.GetValue("Sync:StatusPollInterval", TimeSpan.FromMinutes(5));

    public static TriggerKey StatusPollTriggerKey(int connectionId) => new($"status-poll-{connectionId}", "connections");

    public static JobKey JobKeyFor(int connectionId) => new($"sync-connection-{connectionId}", "connections");

    public async Task ScheduleFirstSyncAsync(int connectionId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = WorkerJob(connectionId);
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
        await scheduler.ScheduleJob(job, [first, recurring, StatusPollTrigger(connectionId, job.Key)], new ScheduleJobOptions { Replace = true }, ct);
    }

    /// <summary>
    /// The recurring status poll, every <see cref="StatusPollInterval"/> from a random first moment within one interval, so
    /// connections made at the same time (or a restart) do not all poll at once.
    /// </summary>
    private ITrigger StatusPollTrigger(int connectionId, JobKey job)
    {
        var interval = StatusPollInterval;
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds);
        return TriggerBuilder.Create()
            .WithIdentity(StatusPollTriggerKey(connectionId))
            .ForJob(job)
            .UsingJobData(StatusPollKey, true)
            .StartAt(DateTimeOffset.UtcNow.Add(jitter))
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever())
            .Build();
    }

    /// <summary>
    /// Gives a connection made before status polling existed (or whose interval setting changed) its recurring status poll.
    /// Does nothing when the connection has no worker job (disconnected).
    /// </summary>
    public async Task EnsureStatusPollAsync(int connectionId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var key = JobKeyFor(connectionId);
        if (!await scheduler.Exists(key, ct)) return;
        if (await scheduler.GetTrigger(StatusPollTriggerKey(connectionId), ct) is ISimpleTrigger existing && existing.RepeatInterval == StatusPollInterval) return;
        await scheduler.UnscheduleJob(StatusPollTriggerKey(connectionId), ct);
        await scheduler.ScheduleJob(StatusPollTrigger(connectionId, key), new ScheduleJobOptions(), ct);
    }

    /// <summary>"Sync now": one run of the connection's worker that syncs its jobs and polls its statuses at once.</summary>
    public async Task SyncNowAsync(int connectionId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var key = JobKeyFor(connectionId);
        if (!await scheduler.Exists(key, ct)) await scheduler.AddJob(WorkerJob(connectionId), new AddJobOptions { Replace = true }, ct);
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"sync-now-{connectionId}-{Guid.NewGuid():N}", "connections")
            .ForJob(key)
            .UsingJobData(SyncNowKey, true)
            .StartNow()
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
        await EnsureStatusPollAsync(connectionId, ct);
    }

    /// <summary>
    /// Runs the connection's worker now (pushes waiting): one trigger on the connection's own job key, so it never runs
    /// beside another run of the same connection. Creates the durable job if it is missing (e.g. a connection made before it).
    /// </summary>
    public async Task WakeAsync(int connectionId, CancellationToken ct, DateTimeOffset? at = null)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var key = JobKeyFor(connectionId);
        if (!await scheduler.Exists(key, ct))
        {
            try
            {
                await scheduler.AddJob(WorkerJob(connectionId), new AddJobOptions(), ct);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another wake-up added it a moment ago.
            }
        }
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"wake-{connectionId}-{Guid.NewGuid():N}", "connections")
            .ForJob(key)
            .UsingJobData(WakeKey, true)
            .StartAt(at ?? DateTimeOffset.UtcNow)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions(), ct);
    }

    /// <summary>Whether the connection's worker job is stored (also warms the scheduler's store at start).</summary>
    public async Task<bool> ExistsAsync(int connectionId, CancellationToken ct) =>
        await (await schedulers.GetScheduler(ct)).Exists(JobKeyFor(connectionId), ct);

    private static IJobDetail WorkerJob(int connectionId) =>
        JobBuilder.Create<SyncConnectionJob>()
            .WithIdentity(JobKeyFor(connectionId))
            .UsingJobData(ConnectionIdKey, connectionId)
            .StoreDurably()
            // A run cut short by a crash is fired again when the scheduler next starts (context.Recovering).
            .RequestRecovery()
            .Build();

    /// <summary>Cancels everything pending for the connection (disconnect).</summary>
    public async Task UnscheduleAsync(int connectionId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.DeleteJob(JobKeyFor(connectionId), ct);
    }
}
