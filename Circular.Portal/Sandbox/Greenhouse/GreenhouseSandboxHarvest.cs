using System.Globalization;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>
/// The checks every Harvest v3 call passes, in Greenhouse's order: Bearer token (401), faults, the 30 s rate window
/// (429 + Retry-After; X-RateLimit-* on every answer), scope (403), Site Admin for lists (403). Then paging.
/// </summary>
internal sealed class GreenhouseSandboxHarvest(GreenhouseSandboxState state)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    public async Task<IResult> ListAsync<T>(
        HttpContext ctx, string scope, Func<GreenhouseSandboxAccount, HvQuery, IEnumerable<T>> source, Func<T, long> id)
    {
        var (account, _, refusal) = await AdmitAsync(ctx, scope, list: true);
        if (refusal is not null) return refusal;
        lock (account!.Gate)
        {
            try
            {
                var query = HvQuery.Parse(ctx.Request.Query);
                var items = source(account, query).Where(x => query.After is null || id(x) < query.After)
                    .OrderByDescending(id).Take(query.PerPage + 1).ToList();
                if (items.Count > query.PerPage)
                {
                    items.RemoveAt(items.Count - 1);
                    var r = ctx.Request;
                    ctx.Response.Headers.Link = $"<{r.Scheme}://{r.Host}{r.PathBase}{r.Path}?cursor={query.NextCursor(id(items[^1]))}>; rel=\"next\"";
                }
                return Results.Json(items, HvJson.Options);
            }
            catch (HvQueryException e)
            {
                return Error(422, "Unprocessable Content", e.Error);
            }
        }
    }

    /// <summary>A write; the body is optional for the lifecycle verbs (hire, move) and required elsewhere.</summary>
    public async Task<IResult> WriteAsync<TBody>(
        HttpContext ctx, string scope, Func<GreenhouseSandboxAccount, SandboxGrant, TBody?, IResult> handler, bool bodyRequired = true)
        where TBody : class
    {
        var (account, grant, refusal) = await AdmitAsync(ctx, scope, list: false);
        if (refusal is not null) return refusal;
        TBody? body = null;
        if (ctx.Request.ContentLength is not 0 && ctx.Request.HasJsonContentType())
        {
            try
            {
                body = await ctx.Request.ReadFromJsonAsync<TBody>(HvJson.Options, ctx.RequestAborted);
            }
            catch (JsonException)
            {
                return Error(400, "Bad Request", "The body is not valid JSON.");
            }
        }
        if (body is null && bodyRequired) return Error(400, "Bad Request", "A JSON body is required.");
        lock (account!.Gate) return handler(account, grant!, body);
    }

    public static IResult Error(int status, string message, object? error = null) =>
        Results.Json(error is null ? new { message } : new { message, errors = new[] { error } }, HvJson.Options, statusCode: status);

    private async Task<(GreenhouseSandboxAccount?, SandboxGrant?, IResult?)> AdmitAsync(HttpContext ctx, string scope, bool list)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        var grant = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? state.Auth.Resolve(header[7..].Trim()) : null;
        var account = state.Account(grant?.AccountId);
        if (grant is null || account is null)
        {
            RateHeaders(ctx, new SandboxRateDecision(true, 75, 75, state.Now() + Window, TimeSpan.Zero));
            return (null, null, Error(401, "Unauthorized", "Token could not be decoded"));
        }
        var fault = await account.Faults.Decide(ctx.RequestAborted);
        var window = state.Limiter.Take("greenhouse:" + account.Id, account.RateLimit, Window);
        RateHeaders(ctx, window);
        if (fault == SandboxFault.Revoked) return (null, null, Error(401, "Unauthorized", "Token has been revoked"));
        if (fault == SandboxFault.RateLimited || !window.Allowed)
        {
            var wait = fault == SandboxFault.RateLimited ? (int)Math.Ceiling(account.Faults.ForcedRetryAfter.TotalSeconds) : window.RetryAfterSeconds;
            ctx.Response.Headers.RetryAfter = Math.Max(1, wait).ToString(CultureInfo.InvariantCulture);
            return (null, null, Error(429, "Too Many Requests"));
        }
        if (fault == SandboxFault.ServerError) return (null, null, Error(503, "Service Unavailable"));
        if (!grant.Scopes.Contains(scope) || account.RemovedScopes.Contains(scope))
        {
            return (null, null, Error(403, "Forbidden", $"Missing required scope: {scope}"));
        }
        if (list && account.Users.FirstOrDefault(u => u.Id == grant.UserId) is not { SiteAdmin: true })
        {
            return (null, null, Error(403, "Forbidden", "List endpoints require a Site Admin."));
        }
        return (account, grant, null);
    }

    /// <summary>The limit enforced (the account's, times the benchmark's common factor, if any); the reset rounded up, never early.</summary>
    private static void RateHeaders(HttpContext ctx, SandboxRateDecision window)
    {
        ctx.Response.Headers["X-RateLimit-Limit"] = window.Limit.ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-RateLimit-Remaining"] = Math.Max(0, window.Remaining).ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-RateLimit-Reset"] = ((window.Reset.ToUnixTimeMilliseconds() + 999) / 1000).ToString(CultureInfo.InvariantCulture);
    }
}
