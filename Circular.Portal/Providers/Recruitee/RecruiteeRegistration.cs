namespace Circular.Portal.Providers.Recruitee;

public static class RecruiteeRegistration
{
    /// <summary>Recruitee's options (<c>Ats:Recruitee</c>) and provider; called once from <see cref="ProviderRegistration"/>.</summary>
    public static IServiceCollection AddRecruitee(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecruiteeOptions>(configuration.GetSection("Ats:Recruitee"));
        services.AddSingleton<RecruiteeApi>();
        services.AddSingleton<IAtsProvider, RecruiteeProvider>();
        return services;
    }
}
