using System.Globalization;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>One authenticated call that passed the gate.</summary>
internal sealed record WorkableCall(HttpContext Http, WorkableAccountState Account, string Token, WorkableSandboxStore Store)
{
    public IQueryCollection Query => Http.Request.Query;
}

/// <summary>A request the vendor would refuse with 422 and this message.</summary>
internal sealed class WorkableSandboxInvalid(string message) : Exception(message);

/// <summary>
/// Workable's SPI v3 below <c>/sandbox/workable/{subdomain}/spi/v3</c>: the subdomain that is the host at Workable is the
/// first path segment here. Every call passes the same gate as at the vendor: account, faults, Bearer token, the
/// 10-requests-per-10-seconds window with X-Rate-Limit-* headers, then the scope the endpoint needs.
/// </summary>
internal sealed class WorkableSandboxApi(WorkableSandboxStore store, SandboxRateLimiter limiter)
{
    public const int RequestsPerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public void Map(IEndpointRouteBuilder vendorRoot)
    {
        var api = vendorRoot.MapGroup("/{subdomain}/spi/v3");
        Map(api, "GET", "/accounts", null, WorkableSandboxJobEndpoints.Accounts);
        Map(api, "GET", "/members", WorkableScopes.ReadJobs, WorkableSandboxJobEndpoints.Members);
        Map(api, "GET", "/jobs", WorkableScopes.ReadJobs, WorkableSandboxJobEndpoints.Jobs);
        Map(api, "GET", "/jobs/{shortcode}", WorkableScopes.ReadJobs, WorkableSandboxJobEndpoints.Job);
        Map(api, "GET", "/jobs/{shortcode}/stages", WorkableScopes.ReadJobs, WorkableSandboxJobEndpoints.Stages);
        Map(api, "GET", "/stages", WorkableScopes.ReadJobs, WorkableSandboxJobEndpoints.Stages);
        Map(api, "GET", "/disqualification_reasons", WorkableScopes.ReadJobs, WorkableSandboxJobEndpoints.Reasons);
        Map(api, "GET", "/candidates", WorkableScopes.ReadCandidates, WorkableSandboxCandidateEndpoints.List);
        Map(api, "GET", "/candidates/{id}", WorkableScopes.ReadCandidates, WorkableSandboxCandidateEndpoints.Show);
        Map(api, "POST", "/jobs/{shortcode}/candidates", WorkableScopes.WriteCandidates, WorkableSandboxCandidateEndpoints.CreateAsync);
        Map(api, "POST", "/candidates/{id}/disqualify", WorkableScopes.WriteCandidates, WorkableSandboxCandidateEndpoints.DisqualifyAsync);
        Map(api, "POST", "/candidates/{id}/move", WorkableScopes.WriteCandidates, WorkableSandboxCandidateEndpoints.MoveAsync);
        Map(api, "GET", "/subscriptions", WorkableScopes.ReadCandidates, WorkableSandboxSubscriptionEndpoints.List);
        Map(api, "POST", "/subscriptions", WorkableScopes.ReadCandidates, WorkableSandboxSubscriptionEndpoints.CreateAsync);
        Map(api, "DELETE", "/subscriptions/{id}", WorkableScopes.ReadCandidates, WorkableSandboxSubscriptionEndpoints.Delete);
        api.MapMethods("/{**rest}", ["GET", "POST", "PUT", "PATCH", "DELETE"], (RequestDelegate)(ctx => Error(404, "Not found").ExecuteAsync(ctx)));
        vendorRoot.MapGet("/{subdomain}/files/{id}/{name}", (RequestDelegate)(ctx => WorkableSandboxCandidateEndpoints.File(store, ctx).ExecuteAsync(ctx)));
    }

    private void Map(RouteGroupBuilder api, string verb, string pattern, string? scope, Func<WorkableCall, IResult> handler) =>
        Map(api, verb, pattern, scope, call => Task.FromResult(handler(call)));

    private void Map(RouteGroupBuilder api, string verb, string pattern, string? scope, Func<WorkableCall, Task<IResult>> handler) =>
        api.MapMethods(pattern, [verb], (RequestDelegate)(async ctx => await (await ServeAsync(ctx, scope, handler)).ExecuteAsync(ctx)));

    private async Task<IResult> ServeAsync(HttpContext ctx, string? scope, Func<WorkableCall, Task<IResult>> handler)
    {
        if (store.Find(ctx.GetRouteValue("subdomain") as string ?? "") is not { } account) return Error(404, "Not found");
        Note(ctx, account);

        switch (await account.Faults.Decide(ctx.RequestAborted))
        {
            case SandboxFault.Revoked:
                return Error(401, "Not authorized");
            case SandboxFault.ServerError:
                return Error(503, "Service Unavailable");
            case SandboxFault.RateLimited:
                var retry = account.Faults.ForcedRetryAfter;
                RateHeaders(ctx, RequestsPerWindow, 0, store.Clock.GetUtcNow() + retry);
                if (account.SendsRetryAfter) ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Error(429, "Too Many Requests");
        }

        var header = ctx.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (token.Length == 0 || !account.Tokens.TryGetValue(token, out var scopes)) return Error(401, "Not authorized");

        var rate = limiter.Take("workable:" + account.Subdomain, RequestsPerWindow, Window);
        RateHeaders(ctx, rate.Limit, rate.Remaining, rate.Reset);
        if (!rate.Allowed)
        {
            // Retry-After is not documented for Workable (unconfirmed); it is sent besides X-Rate-Limit-Reset.
            if (account.SendsRetryAfter) ctx.Response.Headers.RetryAfter = rate.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Error(429, "Too Many Requests");
        }
        if (scope is not null && !scopes.Contains(scope)) return Error(403, $"Not authorized to access this resource: the access token lacks the {scope} scope");

        try
        {
            return await handler(new WorkableCall(ctx, account, token, store));
        }
        catch (WorkableSandboxInvalid e)
        {
            return Error(422, e.Message);
        }
    }

    private static void Note(HttpContext ctx, WorkableAccountState account)
    {
        var request = ctx.Request;
        var path = request.Path.Value ?? "";
        var api = path.IndexOf("/spi/v3", StringComparison.Ordinal);
        account.PublicRoot = $"{request.Scheme}://{request.Host}{request.PathBase}{(api < 0 ? path : path[..api])}";
        account.Requests.Enqueue($"{request.Method} {(api < 0 ? path : path[api..])}{request.QueryString}");
        while (account.Requests.Count > 200) account.Requests.TryDequeue(out _);
    }

    /// <summary>The limit sent is the one enforced (the documented one times the benchmark's common factor, if any).</summary>
    private static void RateHeaders(HttpContext ctx, int limit, int remaining, DateTimeOffset reset)
    {
        ctx.Response.Headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-Rate-Limit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        // Rounded up: a reset reported early would invite a request that is refused again.
        ctx.Response.Headers["X-Rate-Limit-Reset"] = ((reset.ToUnixTimeMilliseconds() + 999) / 1000).ToString(CultureInfo.InvariantCulture);
    }

    public static IResult Error(int status, string message) =>
        Results.Json(new WireError(message), WorkableWireJson.Options, statusCode: status);

    public static IResult Json(object body, int status = 200) => Results.Json(body, WorkableWireJson.Options, statusCode: status);
}
