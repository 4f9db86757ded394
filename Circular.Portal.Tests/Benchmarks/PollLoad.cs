using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Status-poll load for the benchmarks: one poll of a connection through the portal's own <see cref="StatusPoller"/>, the
/// recruiter's hires and rejections in the Sandbox, and the two things that would take a change before the measured poll
/// does (the vendor's webhook, the connection's own scheduled poll), switched off for the connections measured.
/// </summary>
public static class PollLoad
{
    public static async Task<SyncRun?> PollAsync(IntegrationFixture fixture, int connectionId)
    {
        await using var scope = fixture.Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Benchmark");
        return await scope.ServiceProvider.GetRequiredService<StatusPoller>().PollAsync(connectionId, default);
    }

    /// <summary>
    /// Removes the connection's webhook subscription at the vendor (Lever, Workable subscribe themselves), so a change
    /// reaches Circular only by the poll being measured.
    /// </summary>
    public static async Task StopWebhooksAsync(IntegrationFixture fixture, int connectionId)
    {
        await using var scope = fixture.Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Benchmark");
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var connection = await db.Connections.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == connectionId);
        if (connection.WebhookSubscriptionId is null) return;
        var context = await scope.ServiceProvider.GetRequiredService<ConnectionContexts>().ForAsync(connectionId, default);
        await scope.ServiceProvider.GetRequiredService<ConnectionWebhooks>().RemoveAsync(connection, context, default);
        // A targeted update: the connection's push worker may be saving the same row (last used) meanwhile.
        await db.Connections.IgnoreQueryFilters().Where(c => c.Id == connectionId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.WebhookSubscriptionId, (string?)null).SetProperty(c => c.WebhookAutoRegistered, false));
    }

    /// <summary>Pauses (or resumes) the connections' recurring status polls, so only the measured poll reads the changes.</summary>
    public static async Task PauseScheduledPollsAsync(IntegrationFixture fixture, IEnumerable<int> connectionIds, bool pause = true)
    {
        var scheduler = await fixture.Portal.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        foreach (var id in connectionIds)
        {
            if (pause) await scheduler.PauseTrigger(SyncScheduler.StatusPollTriggerKey(id));
            else await scheduler.ResumeTrigger(SyncScheduler.StatusPollTriggerKey(id));
        }
    }

    /// <summary>
    /// The recruiter hires the tenant's first <paramref name="count"/> pushed candidates in turn with rejecting them
    /// (even: hire, odd: reject) in the Sandbox; returns the Circular applications concerned.
    /// </summary>
    public static async Task<List<int>> HireAndRejectAsync(IntegrationFixture fixture, PushLoad.Tenant tenant, int count)
    {
        var kind = tenant.Sandbox.Kind;
        var emulator = fixture.Sandbox.Emulators.Single(e => e.Vendor == kind.ToString().ToLowerInvariant());
        var changed = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var candidate = fixture.SandboxCandidates(kind, tenant.Sandbox.AccountId, tenant.Emails[i]).Single().Id;
            await emulator.ActAsync(tenant.Sandbox.AccountId, candidate, i % 2 == 0 ? SandboxRecruiterAction.Hire : SandboxRecruiterAction.Reject, default);
            changed.Add(tenant.ApplicationIds[i]);
        }
        return changed;
    }

    /// <summary>How many of <paramref name="applicationIds"/> are Hired or Rejected in Circular.</summary>
    public static Task<int> HiredOrRejectedAsync(IntegrationFixture fixture, List<int> applicationIds) =>
        fixture.Portal.QueryAsync(db => db.Applications.IgnoreQueryFilters()
            .CountAsync(a => applicationIds.Contains(a.Id) && (a.Stage == ApplicationStage.Hired || a.Stage == ApplicationStage.Rejected)));

    /// <summary>Webhook events the portal received for the connection (must stay 0 while a poll is measured).</summary>
    public static Task<int> WebhookEventsAsync(IntegrationFixture fixture, int connectionId) =>
        fixture.Portal.QueryAsync(db => db.WebhookDeliveries.IgnoreQueryFilters().CountAsync(w => w.ConnectionId == connectionId));
}
