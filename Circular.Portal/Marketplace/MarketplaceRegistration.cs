using Circular.Portal.Marketplace.Api;
using FluentValidation;

namespace Circular.Portal.Marketplace;

public static class MarketplaceRegistration
{
    public static IHostApplicationBuilder AddMarketplace(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Validators built per vendor field (CredentialFieldValidator) are made where they are used, not registered.
        services.AddValidatorsFromAssemblyContaining<JobFormValidator>(ServiceLifetime.Singleton,
            filter: r => r.ValidatorType.GetConstructor(Type.EmptyTypes) is not null);
        services.AddSingleton<JobFormValidator>();
        services.AddOptions<MarketplaceApiOptions>().Bind(builder.Configuration.GetSection("Marketplace"));
        services.AddSingleton<PlatformApiKeyFilter>();
        services.AddSingleton<CvStore>();
        services.AddSingleton<CvBlobs>();
        services.AddSingleton<CvLinks>();
        services.AddScoped<JobEditor>();
        services.AddScoped<ApplicationWorkflow>();
        services.AddScoped<ApplicationIntake>();
        return builder;
    }
}
