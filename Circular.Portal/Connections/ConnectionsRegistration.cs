using Circular.Portal.Notifications;

namespace Circular.Portal.Connections;

public static class ConnectionsRegistration
{
    public static IHostApplicationBuilder AddConnections(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CredentialVault>();
        services.AddSingleton<PortalUrls>();
        services.AddSingleton<OAuthResultMessages>();
        services.AddScoped<ConnectionWebhooks>();
        services.AddScoped<ConnectionContexts>();
        services.AddScoped<ConnectionLifecycle>();
        services.AddScoped<OAuthFlow>();
        services.AddScoped<ConnectionSetupChecks>();

        services.AddOptions<SmtpOptions>().Bind(builder.Configuration.GetSection("Smtp"));
        services.AddSingleton<EmailSender>();
        services.AddSingleton<NotificationCenter>();
        services.AddScoped<Notifier>();
        return builder;
    }
}
