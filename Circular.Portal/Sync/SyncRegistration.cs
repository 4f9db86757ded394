using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Circular.Portal.Marketplace.Platform;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Quartz;

namespace Circular.Portal.Sync;

public static class SyncRegistration
{
    /// <summary>
    /// Quartz in the same process, its tables in the portal's database so scheduled work survives a restart. On SQLite
    /// one node; on PostgreSQL clustered (see <see cref="QuartzCluster"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        var database = PortalDatabase.From(builder);
        var instanceName = builder.Configuration["Quartz:InstanceName"] ?? "circular-portal";
        // Pushes first: their start-up sweep must run before Quartz recovers and fires the connection workers.
        builder.AddPush();
        builder.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = instanceName);
            // Jobs one node runs at once (Quartz's default when unset). A cluster test sets 1 so that a node busy with one
            // job leaves the next trigger to the other node.
            if (builder.Configuration.GetValue<int?>("Quartz:MaxConcurrency") is int threads and > 0) q.UseDefaultThreadPool(threads);
            if (database.IsPostgres)
            {
                QuartzCluster.Configure(q, database, builder.Configuration);
            }
            else
            {
                q.UsePersistentStore(store =>
                {
                    store.UseSqlite(database.ConnectionString);
                    store.ProvisionSchema();
                });
            }
            q.ScheduleJob<RefreshTokensJob>(
                trigger => trigger.WithIdentity("refresh-tokens").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(builder.Configuration.GetValue("Sync:TokenRefreshInterval", TimeSpan.FromMinutes(10))).RepeatForever()),
                job => job.WithIdentity("refresh-tokens-job"));
            q.ScheduleJob<WarnExpiringCredentialsJob>(
                trigger => trigger.WithIdentity("warn-expiring-credentials").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(6)).RepeatForever()),
                job => job.WithIdentity("warn-expiring-credentials-job"));
            q.AddEmailDelivery(builder.Configuration);
            q.ScheduleJob<WebhookPurgeJob>(
                trigger => trigger.WithIdentity("purge-webhooks").StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(6)).RepeatForever()),
                job => job.WithIdentity("purge-webhooks-job"));
            q.ScheduleJob<PlatformWebhookJob>(
                trigger => trigger.WithIdentity("platform-webhooks").StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(builder.Configuration.GetValue("Platform:SendInterval", TimeSpan.FromSeconds(10))).RepeatForever()),
                job => job.WithIdentity("platform-webhooks-job"));
        });
        // Before Quartz starts: runs left Running by the last process are closed before anything can run again.
        builder.Services.AddHostedService<InterruptedRunSweep>();
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddSingleton<SyncEvents>();
        if (database.IsPostgres)
        {
            builder.Services.AddSingleton<PostgresLiveRelay>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveRelay>());
        }
        builder.Services.AddStatusSync();
        builder.AddPlatformEvents();
        builder.Services.AddScoped<SyncScheduler>();
        builder.Services.AddScoped<JobSnapshotWriter>();
        builder.Services.AddScoped<SyncConnectionJob>();
        builder.Services.AddScoped<WarnExpiringCredentialsJob>();
        builder.Services.AddScoped<WebhookPurgeJob>();
        return builder;
    }
}
