using System.Text.Json;

namespace Circular.Portal.Providers;

/// <summary>Reads a vendor's candidate JSON for the attribution check: tag and source "Circular", a CV, a LinkedIn link.</summary>
internal static class AtsReadBackJson
{
    /// <summary>Any string (or object's name/label/value) under <paramref name="property"/> equal to <paramref name="value"/>.</summary>
    public static bool Has(JsonElement e, string property, string value) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p) && Strings(p).Any(s => string.Equals(s.Trim(), value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Any string under <paramref name="property"/> containing <paramref name="fragment"/>.</summary>
    public static bool Contains(JsonElement e, string property, string fragment) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p) && Strings(p).Any(s => s.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    /// <summary>A non-empty value under <paramref name="property"/>.</summary>
    public static bool Present(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p)
        && p.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False)
        && !(p.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(p.GetString()))
        && !(p.ValueKind == JsonValueKind.Array && p.GetArrayLength() == 0);

    public static JsonElement Child(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var p) ? p : default;

    private static IEnumerable<string> Strings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                yield return e.GetString() ?? "";
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                    foreach (var s in Strings(item)) yield return s;
                break;
            case JsonValueKind.Object:
                foreach (var name in new[] { "name", "label", "value", "url", "text" })
                    if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString() ?? "";
                break;
        }
    }
}
