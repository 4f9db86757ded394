using Quartz;

namespace Circular.Portal.Sync.Push;

public static class PushRegistration
{
    /// <summary>The push outbox, its per-connection worker step, the sweeps and what the pages ask of pushes.</summary>
    public static IHostApplicationBuilder AddPush(this IHostApplicationBuilder builder)
    {
        // Vendors fetch CVs by link and a worker has no request to take a host from: the public address must be known.
        if (!builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Portal:PublicUrl"]))
        {
            throw new InvalidOperationException(
                "Portal:PublicUrl is not set. Outside Development the portal needs its public address (e.g. https://portal.example.com) for the CV links ATSes fetch.");
        }
        var services = builder.Services;
        services.AddSingleton<PushOutbox>();
        services.AddSingleton<PushSignals>();
        services.AddSingleton<PushPayloads>();
        services.AddSingleton<CvFetchLog>();
        services.AddSingleton<PushBackoff>();
        services.AddSingleton<IFailpoints, Failpoints>();
        services.AddScoped<CandidatePushes>();
        services.AddScoped<PushWorker>();
        services.AddScoped<PushSweepJob>();
        // Before the relay and Quartz: interrupted sends are queued again first.
        services.AddHostedService<PushStartupSweep>();
        services.AddHostedService<PushWakeRelay>();
        services.AddQuartz(q => q.ScheduleJob<PushSweepJob>(
            trigger => trigger.WithIdentity("push-sweep").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(builder.Configuration.GetValue("Push:SweepInterval", TimeSpan.FromSeconds(30))).RepeatForever()),
            job => job.WithIdentity("push-sweep-job")));
        return builder;
    }
}
