using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Sync;

/// <summary>
/// Keeps OAuth connections alive: refreshes access tokens shortly before they expire, and refreshes idle connections
/// often enough that the vendor never expires their refresh token (Greenhouse: unused for 24 h; Lever: 90 days).
/// A refused refresh moves the connection to NeedsReauth and tells the admins.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RefreshTokensJob(
    TenantContext tenant,
    IDbContextFactory<PortalDbContext> dbFactory,
    ConnectionContexts contexts,
    AtsProviders providers,
    ConnectionLifecycle lifecycle,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<RefreshTokensJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct = default)
    {
        tenant.RunAsSystem(nameof(RefreshTokensJob));
        var keepAlive = configuration.GetValue("Sync:OAuthKeepAliveInterval", TimeSpan.FromHours(12));
        var soon = clock.GetUtcNow() + ConnectionContexts.RefreshMargin + TimeSpan.FromMinutes(10);
        var idleBefore = clock.GetUtcNow() - keepAlive;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Connections.AsNoTracking()
            .Where(c => c.State == ConnectionState.Connected || c.State == ConnectionState.Syncing)
            .Where(c => c.AccessTokenExpiresAt != null)
            .Select(c => new { c.Id, c.Kind, c.AccessTokenExpiresAt, c.LastUsedAt })
            .ToListAsync(ct);
        foreach (var c in candidates.Where(c => providers.Get(c.Kind).OAuth is not null))
        {
            var expiring = c.AccessTokenExpiresAt <= soon;
            var idle = c.LastUsedAt is null || c.LastUsedAt < idleBefore;
            if (!expiring && !idle) continue;
            try
            {
                // Another node's worker may refresh this connection at the same moment: one refresh is enough.
                await contexts.RefreshAsync(c.Id, force: true, ct, unlessRefreshedSince: c.AccessTokenExpiresAt);
            }
            catch (AtsException e) when (e.Kind == AtsFailureKind.Auth)
            {
                await lifecycle.MarkNeedsReauthAsync(c.Id, e.Message, ct);
            }
            catch (AtsException e)
            {
                log.LogWarning("Token refresh for connection {ConnectionId} failed ({Kind}); retried on the next run", c.Id, e.Kind);
            }
        }
    }
}
