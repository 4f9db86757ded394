using Circular.Portal.Data;
using Quartz;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>The clock for <see cref="PlatformWebhookSender"/>: the rows hold the state, this only wakes the sender.</summary>
[DisallowConcurrentExecution]
public sealed class PlatformWebhookJob(TenantContext tenant, PlatformWebhookSender sender) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
    {
        tenant.RunAsSystem(nameof(PlatformWebhookJob));
        await sender.DrainAsync(ct);
    }
}
