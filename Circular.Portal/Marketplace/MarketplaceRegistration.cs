using Circular.Portal.Marketplace.Api;
using FluentValidation;

namespace Circular.Portal.Marketplace;

public static class MarketplaceRegistration
{
    public static IHostApplicationBuilder AddMarketplace(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatorsFromAssemblyContaining<JobFormValidator>(ServiceLifetime.Singleton);
        services.AddSingleton<JobFormValidator>();
        services.AddOptions<MarketplaceApiOptions>().Bind(builder.Configuration.GetSection("Marketplace"));
        services.AddSingleton<PlatformApiKeyFilter>();
        services.AddSingleton<CvStore>();
        services.AddSingleton<CvLinks>();
        services.AddScoped<JobEditor>();
        services.AddScoped<ApplicationWorkflow>();
        services.AddScoped<ApplicationIntake>();
        return builder;
    }
}
