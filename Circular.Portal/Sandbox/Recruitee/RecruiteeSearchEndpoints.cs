using System.Text.Json;
using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Recruitee.RecruiteeSandboxRequest;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>
/// <c>GET /c/{company}/search/new/candidates</c> as the API notes describe it: a JSON array of filter objects in
/// <c>filters_json</c> (older clients: <c>filters</c>), time filters in Unix seconds with gte/gt/lte/lt on
/// <c>created_at</c> and <c>updated_at</c>, full text with <c>{"field":"all","query":…}</c>; unknown fields and operators
/// are ignored (so a wrong filter matches everything, as at Recruitee). 60 hits by default, a limit above 10,000 answers
/// 500; paging by limit + offset or a 1-based page; <c>sort_by</c> created_at_desc (default), created_at_asc,
/// candidate_name_asc / _desc. The answer is <c>{ "hits": [...], "total": n }</c>.
/// </summary>
internal static class RecruiteeSearchEndpoints
{
    public const int DefaultLimit = 60;
    public const int MaxLimit = 10_000;

    public static void Map(IEndpointRouteBuilder root, RecruiteeSandboxGate gate)
    {
        root.MapGet("/c/{company}/search/new/candidates", (HttpContext http, string company) =>
            RecruiteeCandidateEndpoints.WithCompanyAsync(gate, http, company, state =>
            {
                var limit = IntQuery(http, "limit") ?? DefaultLimit;
                if (limit > MaxLimit) return RecruiteeWire.Error(500, "internal_error", "Server internal error");
                if (limit <= 0) limit = DefaultLimit;
                var offset = IntQuery(http, "offset") ?? ((IntQuery(http, "page") ?? 1) - 1) * limit;
                if (ParseFilters(StringQuery(http, "filters_json") ?? StringQuery(http, "filters")) is not { } filters)
                {
                    return RecruiteeWire.Error(400, "bad_request", "filters_json is not a JSON array");
                }
                var matches = state.Candidates.Values.Where(c => filters.All(f => f(c)));
                var sorted = (StringQuery(http, "sort_by") ?? "created_at_desc") switch
                {
                    "created_at_asc" => matches.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
                    "candidate_name_asc" => matches.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Id),
                    "candidate_name_desc" => matches.OrderByDescending(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenByDescending(c => c.Id),
                    _ => matches.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
                };
                var all = sorted.ToList();
                var hits = all.Skip(Math.Max(0, offset)).Take(limit).Select(c => RecruiteeWire.Candidate(state, c)).ToList();
                return RecruiteeWire.Ok(new { hits, total = all.Count });
            }));
    }

    /// <summary>The filters as predicates; null when the parameter is not a JSON array. Unknown filters match everything.</summary>
    internal static List<Func<RecruiteeCandidateState, bool>>? ParseFilters(string? raw)
    {
        if (raw is null) return [];
        JsonArray? array;
        try
        {
            array = JsonNode.Parse(raw) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
        if (array is null) return null;
        var filters = new List<Func<RecruiteeCandidateState, bool>>();
        foreach (var item in array.OfType<JsonObject>())
        {
            switch (Text(item, "field"))
            {
                case "created_at":
                    filters.AddRange(TimeFilters(item, c => c.CreatedAt));
                    break;
                case "updated_at":
                    filters.AddRange(TimeFilters(item, c => c.UpdatedAt));
                    break;
                case "all" when Text(item, "query") is { } text:
                    filters.Add(c => c.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                        || c.Emails.Any(e => e.Contains(text, StringComparison.OrdinalIgnoreCase))
                        || c.Tags.Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase)));
                    break;
            }
        }
        return filters;
    }

    private static IEnumerable<Func<RecruiteeCandidateState, bool>> TimeFilters(JsonObject filter, Func<RecruiteeCandidateState, DateTimeOffset> at)
    {
        // Unix seconds: a candidate updated at 12:00:00.7 is "gte 12:00:00", as a search index holding seconds sees it.
        long Seconds(RecruiteeCandidateState c) => at(c).ToUnixTimeSeconds();
        if (Long(filter["gte"]) is { } gte) yield return c => Seconds(c) >= gte;
        if (Long(filter["gt"]) is { } gt) yield return c => Seconds(c) > gt;
        if (Long(filter["lte"]) is { } lte) yield return c => Seconds(c) <= lte;
        if (Long(filter["lt"]) is { } lt) yield return c => Seconds(c) < lt;
    }
}
