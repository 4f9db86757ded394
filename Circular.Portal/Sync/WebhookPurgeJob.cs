using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Deletes webhook events processed longer ago than <c>Sync:WebhookRetention</c> (30 days by default). Unprocessed ones are
/// kept whatever their age: they are work still to do.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WebhookPurgeJob(TenantContext tenant, IDbContextFactory<PortalDbContext> dbFactory, IConfiguration configuration, TimeProvider clock,
    ILogger<WebhookPurgeJob> log) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default) => new(PurgeAsync(ct));

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        tenant.RunAsSystem(nameof(WebhookPurgeJob));
        var before = clock.GetUtcNow() - configuration.GetValue("Sync:WebhookRetention", TimeSpan.FromDays(30));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var purged = await db.Set<WebhookDelivery>().Where(w => w.ProcessedAt != null && w.ProcessedAt < before).ExecuteDeleteAsync(ct);
        if (purged > 0) log.LogInformation("Purged {Count} webhook events processed before {Before:O}", purged, before);
        return purged;
    }
}
