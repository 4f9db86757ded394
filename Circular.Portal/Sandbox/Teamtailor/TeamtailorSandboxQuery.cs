using System.Globalization;
using System.Text.Json.Nodes;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>JSON:API query handling as Teamtailor documents it: page[size] (default 10, max 30), page[number], filter[…], include.</summary>
internal static class TeamtailorSandboxQuery
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 30;

    public static ISet<string> Include(HttpContext http) =>
        http.Request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    public static string? Filter(HttpContext http, string name) =>
        http.Request.Query.TryGetValue($"filter[{name}]", out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

    /// <summary>filter[name][from|to]; a value that is not a date is the client's error (400).</summary>
    public static bool TryRange(HttpContext http, string name, out DateTimeOffset? from, out DateTimeOffset? to)
    {
        from = to = null;
        return TryDate(Filter(http, $"{name}][from"), out from) && TryDate(Filter(http, $"{name}][to"), out to);

        static bool TryDate(string? raw, out DateTimeOffset? value)
        {
            value = null;
            if (raw is null) return true;
            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
            value = parsed;
            return true;
        }
    }

    public static bool InRange(DateTimeOffset at, DateTimeOffset? from, DateTimeOffset? to) =>
        (from is null || at >= from) && (to is null || at <= to);

    /// <summary>One page of <paramref name="all"/> in the JSON:API envelope, with links.next while more pages remain.</summary>
    public static IResult Page<T>(HttpContext http, IReadOnlyList<T> all, Func<T, JsonObject> render, Func<IReadOnlyList<T>, JsonArray>? included = null)
    {
        if (!TryInt(http, "page[size]", DefaultPageSize, out var size) || !TryInt(http, "page[number]", 1, out var number) || size < 1 || number < 1)
        {
            return TeamtailorSandboxGate.Fail(400, "Invalid page value", "page[size] and page[number] must be positive whole numbers.");
        }
        size = Math.Min(size, MaxPageSize);
        var pageCount = Math.Max(1, (int)Math.Ceiling(all.Count / (double)size));
        var items = all.Skip((number - 1) * size).Take(size).ToList();
        var links = new JsonObject { ["first"] = Link(http, 1, size), ["last"] = Link(http, pageCount, size) };
        if (number > 1) links["prev"] = Link(http, number - 1, size);
        if (number < pageCount) links["next"] = Link(http, number + 1, size);
        var body = new JsonObject
        {
            ["data"] = new JsonArray(items.Select(i => (JsonNode)render(i)).ToArray()),
            ["meta"] = new JsonObject { ["record-count"] = all.Count, ["page-count"] = pageCount },
            ["links"] = links,
        };
        if (included is not null) body["included"] = included(items);
        return TeamtailorSandboxGate.Json(body);
    }

    private static bool TryInt(HttpContext http, string name, int fallback, out int value)
    {
        var raw = http.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            value = fallback;
            return true;
        }
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Link(HttpContext http, int number, int size)
    {
        var query = http.Request.Query
            .Where(q => q.Key is not ("page[number]" or "page[size]"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"{Uri.EscapeDataString("page[number]")}={number}")
            .Append($"{Uri.EscapeDataString("page[size]")}={size}");
        return $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
    }
}
