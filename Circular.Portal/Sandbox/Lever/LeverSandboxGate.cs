namespace Circular.Portal.Sandbox.Lever;

/// <summary>
/// What every Lever API call passes: a bearer token of this environment, the account's fault switches, the token bucket
/// (10 req/s steady, bursts of 20, answered with 429), and the scope the endpoint needs (write scopes include read).
/// </summary>
internal sealed class LeverSandboxGate(LeverSandboxStore store, SandboxRateLimiter limiter)
{
    public async Task<(LeverSandboxAccountState? Account, IResult? Refusal)> EnterAsync(HttpContext http, string environment, string scopeFamily, bool write)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        var grant = token.Length > 0 ? store.Tokens.Access(token, environment) : null;
        if (grant is null || !store.Accounts.TryGetValue(grant.AccountId, out var account))
        {
            // A token of the other environment fails the same way as Lever reports it.
            var message = token.Length == 0 ? "Missing credentials" : "Invalid token: Unable to find a signing key that matches or the token has expired";
            return (null, Error(401, "UnauthorizedError", message));
        }
        switch (await account.Faults.Decide(http.RequestAborted))
        {
            case SandboxFault.Revoked:
                return (null, Error(401, "UnauthorizedError", "Invalid token: access was revoked by a Super Admin"));
            case SandboxFault.RateLimited:
                return (null, TooMany(http, account.Faults.ForcedRetryAfter));
            case SandboxFault.ServerError:
                return (null, Error(503, "ServiceUnavailable", "Lever is temporarily unavailable"));
        }
        // Lever: token bucket per key, 10 req/s steady with bursts to 20; a 2 s window of 20 gives the same budget.
        var rate = limiter.Take("lever:" + account.Id + ":" + environment, 20, TimeSpan.FromSeconds(2));
        if (!rate.Allowed) return (null, TooMany(http, TimeSpan.FromSeconds(rate.RetryAfterSeconds)));

        var needed = $"{scopeFamily}:{(write ? "write" : "read")}:admin";
        var granted = grant.Scopes.Contains(needed) || (!write && grant.Scopes.Contains($"{scopeFamily}:write:admin"));
        return granted ? (account, null) : (null, Error(403, "ForbiddenError", $"The token does not have the required scope {needed}"));
    }

    /// <summary>Whether the request's token was granted <paramref name="scope"/> (call after <see cref="EnterAsync"/> let it in).</summary>
    public bool HasScope(HttpContext http, string environment, string scope)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        return token.Length > 0 && store.Tokens.Access(token, environment) is { } grant && grant.Scopes.Contains(scope);
    }

    /// <summary>Typed as a route handler: a bare HttpContext lambda would bind as a RequestDelegate and drop the IResult.</summary>
    public static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new LeverWireError(code, message), LeverSandboxWire.Json, statusCode: status);

    /// <summary>Lever documents no rate-limit headers; Retry-After is sent anyway (unconfirmed) so clients can be tested on it.</summary>
    private static IResult TooMany(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(429, "TooManyRequests", "Rate limit exceeded: 10 requests per second, bursts up to 20");
    }

    /// <summary>Reads limit (1..100, default 100) and the offset token; null start means the token is not one we issued.</summary>
    public static (int Limit, int? Start) Paging(HttpContext http)
    {
        var limit = int.TryParse(http.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 100) : 100;
        var offset = http.Request.Query["offset"].ToString();
        if (string.IsNullOrEmpty(offset)) return (limit, 0);
        var parts = offset.Split('.');
        return (limit, parts.Length == 3 && int.TryParse(parts[1], out var start) && start >= 0 ? start : null);
    }

    public static IResult BadOffset() => Error(400, "BadRequestError", "Invalid offset: pass only the 'next' value of a previous response");

    public static long? Millis(HttpContext http, string name) =>
        long.TryParse(http.Request.Query[name], out var ms) ? ms : null;
}
