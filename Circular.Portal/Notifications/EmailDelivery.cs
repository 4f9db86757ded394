using Quartz;

namespace Circular.Portal.Notifications;

/// <summary>Wakes the email delivery job now (after a commit that wrote emails), instead of waiting for its next poll.</summary>
public sealed class EmailDelivery(ISchedulerFactory schedulers)
{
    public async Task WakeAsync(CancellationToken ct = default)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.TriggerJob(EmailDeliveryJob.Key, ct);
    }
}

/// <summary>Drains the email outbox: on every wake-up after a commit, and every <see cref="EmailDeliveryOptions.PollInterval"/> for retries.</summary>
[DisallowConcurrentExecution]
public sealed class EmailDeliveryJob(Data.TenantContext tenant, EmailOutbox outbox) : IJob
{
    public static readonly JobKey Key = new("email-delivery", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
    {
        tenant.RunAsSystem(nameof(EmailDeliveryJob));
        await outbox.DeliverDueAsync(ct);
    }
}
