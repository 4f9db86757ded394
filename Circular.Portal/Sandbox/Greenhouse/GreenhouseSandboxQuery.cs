using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>A Harvest request that breaks the list rules; answered 422 with the error in Greenhouse's shape.</summary>
internal sealed class HvQueryException(object error) : Exception(error.ToString())
{
    public object Error { get; } = error;
}

/// <summary>
/// Harvest v3 list parameters: filters, per_page (1-500, default 100), and an opaque cursor that encodes them all and
/// must travel alone. Ids filters take at most 50 ids; date filters are pipe-delimited (gte|…|lte|…).
/// </summary>
internal sealed class HvQuery
{
    private const int MaxIds = 50;
    private readonly Dictionary<string, string> _filters;

    private HvQuery(Dictionary<string, string> filters, int perPage, long? after)
    {
        _filters = filters;
        PerPage = perPage;
        After = after;
    }

    public int PerPage { get; }

    /// <summary>Results continue below this id (order is id descending).</summary>
    public long? After { get; }

    public static HvQuery Parse(IQueryCollection query)
    {
        if (query.ContainsKey("cursor"))
        {
            if (query.Count > 1) throw new HvQueryException("When passing a cursor, do not include other query params.");
            try
            {
                var json = Encoding.UTF8.GetString(Base64UrlDecode(query["cursor"].ToString()));
                var cursor = JsonSerializer.Deserialize<CursorData>(json) ?? throw new FormatException();
                return new HvQuery(cursor.F, cursor.P, cursor.A);
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                throw new HvQueryException("The cursor is invalid.");
            }
        }
        var filters = query.Where(q => q.Key != "per_page").ToDictionary(q => q.Key, q => q.Value.ToString());
        var perPage = 100;
        if (query.TryGetValue("per_page", out var raw))
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 1)
            {
                throw new HvQueryException(new Dictionary<string, string> { ["per_page"] = $"`{raw}` is not a positive integer" });
            }
            if (perPage > 500) throw new HvQueryException(new Dictionary<string, string> { ["per_page"] = $"`{raw}` number is greater than: 500" });
        }
        return new HvQuery(filters, perPage, null);
    }

    public string NextCursor(long lastId) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new CursorData(_filters, PerPage, lastId)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string? Text(string name) => _filters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public bool? Flag(string name) => Text(name) is { } value ? value.Equals("true", StringComparison.OrdinalIgnoreCase) : null;

    /// <summary>True when the id passes the filter (or there is none).</summary>
    public bool InIds(string name, long? id)
    {
        if (Text(name) is not { } raw) return true;
        var ids = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > MaxIds) throw new HvQueryException(new Dictionary<string, string> { [name] = $"must contain at most {MaxIds} ids" });
        return id is { } value && ids.Contains(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>True when the timestamp passes every operator of a pipe-delimited filter like gte|2026-09-01T00:00:00Z|lte|….</summary>
    public bool InDates(string name, DateTimeOffset? at)
    {
        if (Text(name) is not { } raw) return true;
        var parts = raw.Split('|');
        if (parts.Length % 2 != 0) throw new HvQueryException(new Dictionary<string, string> { [name] = "expects operator|timestamp pairs" });
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!DateTimeOffset.TryParse(parts[i + 1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var bound))
            {
                throw new HvQueryException(new Dictionary<string, string> { [name] = $"`{parts[i + 1]}` is not an ISO-8601 timestamp" });
            }
            var pass = at is { } value && parts[i] switch
            {
                "gte" => value >= bound,
                "gt" => value > bound,
                "lte" => value <= bound,
                "lt" => value < bound,
                _ => throw new HvQueryException(new Dictionary<string, string> { [name] = $"unknown operator `{parts[i]}`" }),
            };
            if (!pass) return false;
        }
        return true;
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private sealed record CursorData(Dictionary<string, string> F, int P, long A);
}
