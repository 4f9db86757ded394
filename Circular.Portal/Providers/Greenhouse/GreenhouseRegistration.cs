namespace Circular.Portal.Providers.Greenhouse;

public static class GreenhouseRegistration
{
    public static IServiceCollection AddGreenhouse(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GreenhouseOptions>(configuration.GetSection("Ats:Greenhouse"));
        services.AddSingleton<GreenhouseApi>();
        services.AddSingleton<GreenhouseOAuth>();
        services.AddSingleton<IAtsProvider, GreenhouseProvider>();
        return services;
    }
}
