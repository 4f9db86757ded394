using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>Reads Recruitee-style requests leniently, as the real API does: arrays or single values, strings or numbers.</summary>
internal static class RecruiteeSandboxRequest
{
    public static async Task<JsonObject?> ReadJsonAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IResult Malformed() => RecruiteeWire.Error(400, "bad_request", "The request body is not valid JSON");

    public static int? IntQuery(HttpContext http, string name) =>
        int.TryParse(http.Request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string? StringQuery(HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    /// <summary>Without limit and offset Recruitee returns everything; with them, one page (next page = offset + limit).</summary>
    public static IEnumerable<T> Page<T>(HttpContext http, IEnumerable<T> items)
    {
        var offset = Math.Max(0, IntQuery(http, "offset") ?? 0);
        var limit = IntQuery(http, "limit");
        var page = items.Skip(offset);
        return limit is > 0 ? page.Take(limit.Value) : page;
    }

    /// <summary>A list field sent as an array, a single string, or (for <paramref name="singular"/>) a one-value field.</summary>
    public static List<string>? Strings(JsonObject? body, string name, string? singular = null)
    {
        var node = body?[name] ?? (singular is null ? null : body?[singular]);
        return node switch
        {
            JsonArray array => array.Select(v => v?.ToString()).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList(),
            JsonValue value when value.ToString() is { Length: > 0 } text => [text.Trim()],
            _ => null,
        };
    }

    public static long? Long(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static List<long> Longs(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Long).OfType<long>().ToList(),
        JsonValue => Long(node) is { } one ? [one] : [],
        _ => [],
    };

    public static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;
}
