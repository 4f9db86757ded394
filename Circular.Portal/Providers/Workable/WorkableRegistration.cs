namespace Circular.Portal.Providers.Workable;

public static class WorkableRegistration
{
    public static IServiceCollection AddWorkable(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkableOptions>(configuration.GetSection(WorkableOptions.Section));
        services.AddSingleton<IAtsProvider, WorkableProvider>();
        return services;
    }
}
