namespace Circular.Portal.Providers.Teamtailor;

/// <summary>
/// Bound from <c>Ats:Teamtailor</c>. Defaults are Teamtailor's real hosts; the admin only picks a region ("eu" or "na"),
/// which the connection keeps in <see cref="AtsCredentials.Account"/>. Only the sandbox or tests override the URLs.
/// </summary>
public sealed class TeamtailorOptions
{
    // Vendor docs: https://docs.teamtailor.com/#authentication (EU and North America hosts)
    public string EuBaseUrl { get; set; } = "https://api.teamtailor.com/v1";

    public string NaBaseUrl { get; set; } = "https://api.na.teamtailor.com/v1";

    /// <summary>Pinned, because Teamtailor changes response shapes between dated versions. Vendor docs: https://docs.teamtailor.com/#versioning</summary>
    public string ApiVersion { get; set; } = "20240904";

    /// <summary>Teamtailor's documented maximum page size.</summary>
    public int PageSize { get; set; } = 30;

    /// <summary>The API root for a region, or null when the region is not one Teamtailor has.</summary>
    public string? BaseUrl(string? region) => (region ?? "eu").Trim().ToLowerInvariant() switch
    {
        "eu" or "" => EuBaseUrl.TrimEnd('/'),
        "na" or "us" => NaBaseUrl.TrimEnd('/'),
        _ => null,
    };

    public static string OtherRegion(string? region) => (region ?? "eu").Trim().ToLowerInvariant() is "na" or "us" ? "eu" : "na";
}

public static class TeamtailorRegistration
{
    public static IServiceCollection AddTeamtailor(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TeamtailorOptions>(configuration.GetSection("Ats:Teamtailor"));
        services.AddSingleton<IAtsProvider, TeamtailorProvider>();
        return services;
    }
}
