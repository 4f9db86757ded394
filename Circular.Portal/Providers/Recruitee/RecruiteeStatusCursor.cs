using System.Globalization;

namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// The status poll's cursor: the newest vendor time seen (each poll re-reads StatusOverlap before it) and when the last
/// read of every followed candidate ran (portal clock). "v2:&lt;newest ms&gt;:&lt;full read ms&gt;"; the older "v1:&lt;newest ms&gt;"
/// still parses, with no full read known, so the first poll after it reads every candidate once.
/// </summary>
internal sealed record RecruiteeStatusCursor(DateTimeOffset? Newest, DateTimeOffset? FullReadAt)
{
    public static RecruiteeStatusCursor Parse(string? cursor)
    {
        if (cursor is null) return new(null, null);
        var parts = cursor.Split(':');
        return parts switch
        {
            ["v1", var newest] => new(Time(newest), null),
            ["v2", var newest, var full] => new(Time(newest), Time(full)),
            _ => new(null, null),
        };
    }

    public string Format() => $"v2:{Ms(Newest)}:{Ms(FullReadAt)}";

    /// <summary>From where a poll reads: the later of the newest vendor time and the last full read, less the overlap.</summary>
    public DateTimeOffset? Since(TimeSpan overlap) =>
        (Newest, FullReadAt) switch
        {
            (null, null) => null,
            ({ } n, null) => n - overlap,
            (null, { } f) => f - overlap,
            ({ } n, { } f) => (n > f ? n : f) - overlap,
        };

    private static DateTimeOffset? Time(string raw) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static string Ms(DateTimeOffset? at) => (at?.ToUnixTimeMilliseconds() ?? 0).ToString(CultureInfo.InvariantCulture);
}
