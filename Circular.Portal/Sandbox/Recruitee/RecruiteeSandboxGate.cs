using System.Globalization;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>
/// What every API call passes before it is served, in Recruitee's order: the Bearer token, the company in the path,
/// the role's access, then the account's fault switches and the rate limit.
/// </summary>
internal sealed class RecruiteeSandboxGate(RecruiteeSandboxStore store, SandboxRateLimiter limiter)
{
    /// <summary>Recruitee publishes no number; the Sandbox and the portal's budget assume 100 calls per 10 s per token (429 with Retry-After).</summary>
    public const int RateLimit = 100;

    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    public async Task<(RecruiteeCompanyState? Company, IResult? Refusal)> EnterAsync(
        HttpContext http, string companyRef, bool needsCandidates)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (string.IsNullOrEmpty(token) || store.ByToken(token) is not { } holder)
        {
            return (null, RecruiteeWire.Error(401, "unauthorized", "Invalid or missing personal API token"));
        }
        var company = store.Find(companyRef);
        if (company is null)
        {
            return (null, RecruiteeWire.Error(422, "invalid", "Company id is invalid"));
        }
        if (!ReferenceEquals(company, holder.Company))
        {
            return (null, RecruiteeWire.Error(403, "forbidden", "You don't have access to this company"));
        }

        switch (await company.Faults.Decide(http.RequestAborted))
        {
            case SandboxFault.Revoked:
                return (null, RecruiteeWire.Error(401, "unauthorized", "Invalid or missing personal API token"));
            case SandboxFault.RateLimited:
                return (null, TooMany(http, (int)Math.Ceiling(company.Faults.ForcedRetryAfter.TotalSeconds)));
            case SandboxFault.ServerError:
                return (null, RecruiteeWire.Error(503, "service_unavailable", "Server internal error"));
        }
        var rate = limiter.Take($"recruitee:{token}", RateLimit, RateWindow);
        if (!rate.Allowed)
        {
            return (null, TooMany(http, rate.RetryAfterSeconds));
        }
        if (needsCandidates && holder.JobsOnly)
        {
            return (null, RecruiteeWire.Error(403, "forbidden", "Your role does not allow access to candidates"));
        }
        return (company, null);
    }

    private static IResult TooMany(HttpContext http, int seconds)
    {
        http.Response.Headers.RetryAfter = Math.Max(0, seconds).ToString(CultureInfo.InvariantCulture);
        return RecruiteeWire.Error(429, "too_many_requests", "Too many requests");
    }
}
