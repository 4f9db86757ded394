namespace Circular.Portal.Providers.Workable;

/// <summary>Bound from <c>Ats:Workable</c>. The admin only ever gives a subdomain; the hosts here default to Workable's own.</summary>
public sealed class WorkableOptions
{
    public const string Section = "Ats:Workable";

    /// <summary>The SPI v3 root; <c>{subdomain}</c> is replaced by the connection's subdomain after it passed validation.</summary>
    public string ApiBaseUrl { get; set; } = "https://{subdomain}.workable.com/spi/v3";

    /// <summary>Items per page; Workable allows at most 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// Send the CV as the portal's short-lived signed link (<c>resume_url</c>) instead of base64 (<c>resume</c>).
    /// Off by default: Workable fetches the link later, which fails when the portal is not reachable from the internet.
    /// </summary>
    public bool SendCvAsLink { get; set; }

    /// <summary>How far each status poll reaches back before its cursor, so clock skew or equal timestamps never lose a change.</summary>
    public TimeSpan StatusOverlap { get; set; } = TimeSpan.FromMinutes(5);
}
