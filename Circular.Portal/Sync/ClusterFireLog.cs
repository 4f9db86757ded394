using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Logs (Debug) each job firing with its scheduled time and the node that ran it: with several nodes, one line per
/// firing across the cluster shows the clustered store at work (the two-node tests count these lines).
/// </summary>
public sealed class ClusterFireLog(ILogger<ClusterFireLog> log) : IJobListener
{
    public string Name => nameof(ClusterFireLog);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (log.IsEnabled(LogLevel.Debug))
            log.LogDebug("Job {Job} fired for {ScheduledFireTime} on node {InstanceId}", context.JobDetail.Key.Name,
                context.ScheduledFireTimeUtc?.ToUnixTimeMilliseconds(), context.Scheduler.SchedulerInstanceId);
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
