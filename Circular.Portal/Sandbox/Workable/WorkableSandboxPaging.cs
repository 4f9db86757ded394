using System.Globalization;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>Workable's list conventions: oldest first, limit (50, at most 100), since_id/max_id, and a full next URL.</summary>
internal static class WorkableSandboxPaging
{
    private static readonly string[] CompactFormats = ["yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd'T'HHmmssK"];

    /// <summary>The page as a body: the collection under <paramref name="name"/>, and paging only when more results exist.</summary>
    public static Dictionary<string, object> Page<T>(HttpContext ctx, string name, IEnumerable<T> items, Func<T, long> number, Func<T, object> wire)
    {
        var query = ctx.Request.Query;
        var limit = Math.Clamp(Int(query, "limit") ?? 50, 1, 100);
        var since = Hex(query, "since_id");
        var max = Hex(query, "max_id");
        var selected = items
            .Where(i => (since is null || number(i) >= since) && (max is null || number(i) <= max))
            .OrderBy(number)
            .Take(limit + 1)
            .ToList();
        var body = new Dictionary<string, object> { [name] = selected.Take(limit).Select(wire).ToList() };
        if (selected.Count > limit)
        {
            var next = query.Where(kv => kv.Key != "since_id")
                .Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value.ToString()))
                .Append(KeyValuePair.Create("since_id", (string?)number(selected[limit]).ToString("x")));
            var request = ctx.Request;
            body["paging"] = new WirePaging($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{QueryString.Create(next)}");
        }
        return body;
    }

    /// <summary>created_after / updated_after: ISO-8601 (compact or extended) or Unix seconds, as the docs allow.</summary>
    public static DateTimeOffset? Time(IQueryCollection query, string name)
    {
        var raw = query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw)) return null;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix)) return DateTimeOffset.FromUnixTimeSeconds(unix);
        if (DateTimeOffset.TryParseExact(raw, CompactFormats, CultureInfo.InvariantCulture, styles, out var compact)) return compact;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, styles, out var iso)) return iso;
        throw new WorkableSandboxInvalid($"Invalid {name}: use ISO-8601 such as 20150708T115616Z, or Unix seconds");
    }

    private static int? Int(IQueryCollection query, string name) =>
        int.TryParse(query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? Hex(IQueryCollection query, string name) =>
        long.TryParse(query[name].ToString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : null;
}
