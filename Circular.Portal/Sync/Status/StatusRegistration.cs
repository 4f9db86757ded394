using FluentValidation;

namespace Circular.Portal.Sync.Status;

public static class StatusRegistration
{
    /// <summary>Status back: the one apply path, its notices, and the admin's status rules.</summary>
    public static IServiceCollection AddStatusSync(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<StatusRuleEdit>, StatusRuleEditValidator>();
        services.AddScoped<StatusNotices>();
        services.AddScoped<StatusApplier>();
        services.AddScoped<StatusRules>();
        services.AddScoped<StatusPoller>();
        services.AddScoped<WebhookInbox>();
        return services;
    }
}
