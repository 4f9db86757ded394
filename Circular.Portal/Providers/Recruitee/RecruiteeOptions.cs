namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// Bound from <c>Ats:Recruitee</c>. Defaults are Recruitee's real hosts; only the Sandbox (or a test) overrides them.
/// A company admin never types a URL: they give a company id (or subdomain) and a personal API token.
/// </summary>
public sealed class RecruiteeOptions
{
    /// <summary>The ATS API root; calls go to <c>{ApiBaseUrl}/c/{company_id}/…</c>.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.recruitee.com/";

    /// <summary>
    /// Offers per request. Recruitee often returns the whole list whatever the limit; a small page keeps each answer
    /// bounded on the accounts that do honour limit/offset.
    /// </summary>
    public int PageSize { get; set; } = 20;

    /// <summary>How far back each status poll re-reads before its cursor, so vendor clock skew never hides a change.</summary>
    public TimeSpan StatusOverlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Hits per request of the status poll's updated-since search. Recruitee answers 60 by default and a 500 above
    /// 10,000; a steady-state poll fits in one page.
    /// </summary>
    public int SearchPageSize { get; set; } = 500;

    /// <summary>
    /// How often the status poll reads every followed candidate on its own instead of searching: it finds candidates
    /// deleted in Recruitee (a search never returns them) and anything a search missed.
    /// </summary>
    public TimeSpan FullStatusReadEvery { get; set; } = TimeSpan.FromHours(24);
}
