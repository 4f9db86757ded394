using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>What every API call needs to have: a region that exists, API key scope and permission for the resource.</summary>
internal enum TtNeed { Read, AdminRead, AdminWrite }

internal sealed record TtCall(TtAccount Account, TeamtailorSandboxKey Key, string Api, string Region);

/// <summary>
/// The checks Teamtailor makes before serving a call, in the order a client meets them: region host, X-Api-Version
/// (406), API key (401), faults and rate limit (429 with X-Rate-Limit-* headers), then key scope and permission (403).
/// </summary>
internal static class TeamtailorSandboxGate
{
    public const int RateLimit = 50;
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);
    private static readonly DateOnly FirstVersion = new(2016, 11, 8);

    public static async Task<(TtCall? Call, IResult? Failure)> EnterAsync(HttpContext http, string region, TeamtailorEmulator emulator, TtNeed need)
    {
        if (region is not ("eu" or "na")) return (null, Fail(404, "Not Found", "No such host."));

        var version = http.Request.Headers["X-Api-Version"].ToString();
        if (!ValidVersion(version, emulator.Clock.GetUtcNow()))
        {
            return (null, Fail(406, "Not Acceptable", "The X-Api-Version header is missing or not a valid API version (yyyymmdd)."));
        }
        http.Response.Headers["X-Api-Version"] = version;

        var auth = http.Request.Headers.Authorization.ToString();
        const string prefix = "Token token=";
        var token = auth.StartsWith(prefix, StringComparison.Ordinal) ? auth[prefix.Length..].Trim('"', ' ') : "";
        var found = emulator.FindKey(region, token);
        if (found is null) return (null, Fail(401, "Unauthorized", "Invalid API key."));
        var (account, key) = found.Value;
        account.Requests.Enqueue($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}");
        while (account.Requests.Count > 200) account.Requests.TryDequeue(out _);

        switch (await account.Faults.Decide(http.RequestAborted))
        {
            case SandboxFault.Revoked:
                return (null, Fail(401, "Unauthorized", "Invalid API key."));
            case SandboxFault.RateLimited:
                return (null, TooMany(http, (int)Math.Ceiling(account.Faults.ForcedRetryAfter.TotalSeconds), RateLimit));
            case SandboxFault.ServerError:
                return (null, Fail(503, "Service Unavailable", "The service is temporarily unavailable."));
        }

        var rate = emulator.Limiter.Take("teamtailor:" + key.Value, RateLimit, RateWindow);
        if (!rate.Allowed) return (null, TooMany(http, rate.RetryAfterSeconds, rate.Limit));
        // The limit enforced: the assumed 50 times the benchmark's common factor, if any.
        http.Response.Headers["X-Rate-Limit-Limit"] = rate.Limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Rate-Limit-Remaining"] = rate.Remaining.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Rate-Limit-Reset"] = Math.Max(1, (int)Math.Ceiling((rate.Reset - emulator.Clock.GetUtcNow()).TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        if (need is TtNeed.AdminRead or TtNeed.AdminWrite && key.Scope != TeamtailorKeyScope.Admin)
        {
            return (null, Fail(403, "Forbidden", "This API key does not have access to this resource. An Admin API key is required."));
        }
        if (need is TtNeed.AdminWrite ? !key.CanWrite : !key.CanRead)
        {
            var missing = need is TtNeed.AdminWrite ? "write" : "read";
            return (null, Fail(403, "Forbidden", $"This API key does not have {missing} permission."));
        }
        return (new TtCall(account, key, ApiRoot(http), region), null);
    }

    public static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(TeamtailorSandboxWire.Output), TeamtailorSandboxWire.MediaType, Encoding.UTF8, status);

    public static IResult Fail(int status, string title, string detail, string? pointer = null) =>
        Json(TeamtailorSandboxWire.Error(status, title, detail, pointer), status);

    private static IResult TooMany(HttpContext http, int seconds, int limit)
    {
        var text = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Rate-Limit-Remaining"] = "0";
        http.Response.Headers["X-Rate-Limit-Reset"] = text;
        // Teamtailor documents only X-Rate-Limit-Reset; Retry-After is sent too, as the standard way to say the same.
        http.Response.Headers.RetryAfter = text;
        return Fail(429, "Too Many Requests", "Rate limit exceeded.");
    }

    private static bool ValidVersion(string version, DateTimeOffset now) =>
        version.Length == 8
        && DateOnly.TryParseExact(version, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && date >= FirstVersion
        && date <= DateOnly.FromDateTime(now.UtcDateTime.AddDays(1));

    /// <summary>The region's API root as this request reached it (…/sandbox/teamtailor/eu/v1), for JSON:API links.</summary>
    private static string ApiRoot(HttpContext http)
    {
        var path = http.Request.PathBase + http.Request.Path;
        var value = path.Value ?? "";
        var end = value.IndexOf("/v1", StringComparison.Ordinal);
        return $"{http.Request.Scheme}://{http.Request.Host}{(end >= 0 ? value[..(end + 3)] : value)}";
    }
}
