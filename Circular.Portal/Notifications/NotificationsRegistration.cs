using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Circular.Portal.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The bell, email over SMTP, and the email outbox with its delivery job (scheduled in <see cref="AddEmailDelivery"/>).</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().Bind(builder.Configuration.GetSection("Smtp"));
        services.AddOptions<EmailDeliveryOptions>().Bind(builder.Configuration.GetSection("Email"));
        services.AddSingleton<EmailSender>();
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<NotificationCenter>();
        services.AddSingleton<NotificationCommitHook>();
        services.AddScoped<Notifier>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<EmailDeliveryJob>();
        // Every PortalDbContext tells the hook when notifications or emails commit. Options are configured per context
        // type: on PostgreSQL the contexts are PostgresPortalDbContext, whose options the PortalDbContext line never reaches.
        services.ConfigureDbContext<PortalDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<NotificationCommitHook>()));
        services.ConfigureDbContext<PostgresPortalDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<NotificationCommitHook>()));
        return builder;
    }

    /// <summary>The durable delivery job, polled for retries; commits wake it at once through <see cref="EmailDelivery"/>.</summary>
    public static IQuartzBuilder AddEmailDelivery(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var interval = configuration.GetValue("Email:PollInterval", new EmailDeliveryOptions().PollInterval);
        quartz.ScheduleJob<EmailDeliveryJob>(
            trigger => trigger.WithIdentity("email-delivery-poll", EmailDeliveryJob.Key.Group).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()),
            job => job.WithIdentity(EmailDeliveryJob.Key).StoreDurably());
        return quartz;
    }
}
