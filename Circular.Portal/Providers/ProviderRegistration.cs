using Flurl.Http;
using Flurl.Http.Configuration;

namespace Circular.Portal.Providers;

public static class ProviderRegistration
{
    /// <summary>Registers the HTTP pipeline and all five providers, explicitly. Base URLs come from <c>Ats:&lt;Vendor&gt;:…</c>.</summary>
    public static IServiceCollection AddAtsProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AtsRateGate>();
        services.AddSingleton<AtsHttp>();
        services.AddSingleton<IFlurlClientCache>(_ =>
        {
            var cache = new FlurlClientCache();
            cache.WithDefaults(builder => builder.WithTimeout(TimeSpan.FromSeconds(30)).WithHeader("User-Agent", "CircularPortal/1.0"));
            return cache;
        });
        services.AddSingleton<AtsProviders>();
        // Each vendor registers itself here, one line each (see Providers/<Vendor>/).
        Workable.WorkableRegistration.AddWorkable(services, configuration);
        Greenhouse.GreenhouseRegistration.AddGreenhouse(services, configuration);
        Teamtailor.TeamtailorRegistration.AddTeamtailor(services, configuration);
        Recruitee.RecruiteeRegistration.AddRecruitee(services, configuration);
        Lever.LeverRegistration.AddLever(services, configuration);
        return services;
    }
}
