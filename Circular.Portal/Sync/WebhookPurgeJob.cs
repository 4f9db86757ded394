using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Deletes webhook events processed longer ago than <c>Sync:WebhookRetention</c> (30 days by default). Unprocessed ones are
/// kept whatever their age: they are work still to do. Also deletes finished job-sync and status-poll runs older than
/// <c>Sync:RunRetention</c> (30 days), keeping each connection's latest of each kind and every first sync: a poll every
/// five minutes records 288 runs a day per connection, which nothing reads after the health page's seven days.
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

        var runsBefore = clock.GetUtcNow() - configuration.GetValue("Sync:RunRetention", TimeSpan.FromDays(30));
        var runs = await db.SyncRuns.IgnoreQueryFilters()
            .Where(r => r.Kind != SyncRunKind.FirstSync && r.Outcome != SyncRunOutcome.Running && r.StartedAt < runsBefore
                        && db.SyncRuns.IgnoreQueryFilters().Any(later => later.ConnectionId == r.ConnectionId && later.Kind == r.Kind && later.StartedAt > r.StartedAt))
            .ExecuteDeleteAsync(ct);
        if (runs > 0) log.LogInformation("Purged {Count} sync runs started before {Before:O}", runs, runsBefore);
        return purged + runs;
    }
}
