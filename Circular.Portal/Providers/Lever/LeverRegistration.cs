namespace Circular.Portal.Providers.Lever;

public static class LeverRegistration
{
    public static IServiceCollection AddLever(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LeverOptions>(configuration.GetSection("Ats:Lever"));
        services.AddSingleton<LeverOAuth>();
        services.AddSingleton<IAtsProvider, LeverProvider>();
        return services;
    }
}
