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
        services.AddScoped<ConnectionWebhookSettings>();
        services.AddScoped<OAuthFlow>();
        services.AddScoped<ConnectionSetupChecks>();
        return builder;
    }
}
