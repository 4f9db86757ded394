using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Tells the admins, once, two weeks before a credential with a known expiry date (a Workable token) stops working,
/// so they can make a new one and reconnect before candidates stop flowing.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WarnExpiringCredentialsJob(
    TenantContext tenant,
    IDbContextFactory<PortalDbContext> dbFactory,
    AtsProviders providers,
    Notifier notifier,
    TimeProvider clock) : IJob
{
    public static readonly TimeSpan WarnAhead = TimeSpan.FromDays(14);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
    {
        tenant.RunAsSystem(nameof(WarnExpiringCredentialsJob));
        await WarnAsync(ct);
    }

    public async Task WarnAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var expiring = await db.Connections.AsNoTracking()
            .Where(c => c.State != ConnectionState.Disconnected && c.CredentialExpiresAt != null && c.CredentialExpiresAt <= now + WarnAhead)
            .ToListAsync(ct);
        foreach (var connection in expiring)
        {
            var vendor = providers.Get(connection.Kind).Traits.DisplayName;
            var title = $"{vendor} token expires soon";
            var since = connection.CredentialExpiresAt!.Value - WarnAhead;
            if (await db.Notifications.AnyAsync(n => n.CompanyId == connection.CompanyId && n.Title == title && n.CreatedAt >= since, ct)) continue;
            var when = connection.CredentialExpiresAt.Value <= now ? "has expired" : $"expires on {connection.CredentialExpiresAt.Value:yyyy-MM-dd}";
            await notifier.NotifyAdminsAsync(connection.CompanyId, title,
                $"The {vendor} token the portal uses {when}. Generate a new one in {vendor} and enter it under ATS Integration → {vendor}; the connection, its mappings and history are kept.",
                $"/integrations/{connection.Kind.ToString().ToLowerInvariant()}", NotificationLevel.Warning, sendEmail: true, ct);
        }
    }
}
