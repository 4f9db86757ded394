namespace Circular.Portal.Providers.Greenhouse;

/// <summary>Bound from <c>Ats:Greenhouse</c>. Defaults are Greenhouse's real hosts; the customer supplies nothing but consent.</summary>
public sealed class GreenhouseOptions
{
    /// <summary>Harvest v3 API host; paths below it start with v3/.</summary>
    public string ApiBaseUrl { get; set; } = "https://harvest.greenhouse.io/";

    /// <summary>Partner OAuth host: authorize, token, introspect.</summary>
    public string AuthBaseUrl { get; set; } = "https://auth.greenhouse.io/";

    /// <summary>Issued by Greenhouse Partner Support after the partnership agreement.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>
    /// Records per list page (Greenhouse allows 1-500). Kept modest so a 429 costs little work and the sandbox shows paging;
    /// raise it for very large accounts if the rate budget allows.
    /// </summary>
    public int PageSize { get; set; } = 25;

    /// <summary>The candidate source pushes are credited to, matched by name (Greenhouse has no API to create sources).</summary>
    public string SourceName { get; set; } = AtsCandidatePush.Source;
}
