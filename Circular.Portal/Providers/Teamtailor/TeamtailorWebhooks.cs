using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Circular.Portal.Providers.Teamtailor;

/// <summary>
/// Company webhooks. Vendor docs: https://partner.teamtailor.com/company_webhooks (signatures, payloads).
/// TT-Signature v2 = base64("t=&lt;unix&gt;,v2=&lt;hex HMAC-SHA256(signature key, unix + "." + payload JSON)&gt;").
/// The deprecated v1 body "signature" signs only the resource id, so anyone could change the rest: it is not accepted.
/// </summary>
internal static class TeamtailorWebhooks
{
    public const string SignatureHeader = "TT-Signature";

    /// <summary>Deliveries signed longer ago than this are refused, so a captured delivery cannot be replayed later.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool Verify(AtsWebhookDelivery delivery, string signingSecret, DateTimeOffset now)
    {
        var header = delivery.Header(SignatureHeader);
        if (string.IsNullOrWhiteSpace(header) || string.IsNullOrEmpty(signingSecret)) return false;
        if (!TryReadHeader(header, out var unix, out var expected)) return false;
        if (!long.TryParse(unix, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds) return false;

        var key = Encoding.UTF8.GetBytes(signingSecret);
        var prefix = Encoding.UTF8.GetBytes(unix + ".");
        foreach (var payload in SignedPayloads(delivery.Body))
        {
            var actual = HMACSHA256.HashData(key, prefix.Concat(payload).ToArray());
            if (CryptographicOperations.FixedTimeEquals(actual, expected)) return true;
        }
        return false;
    }

    public static IReadOnlyList<AtsWebhookEvent> Parse(AtsWebhookDelivery delivery, DateTimeOffset now)
    {
        if (!TryParse(delivery.Body, out var document)) return [];
        using (document)
        {
            var root = document.RootElement;
            var payload = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("payload", out var p) ? p : root;
            var eventName = Text(payload, "event_name", "event-name");
            // Job and candidate events carry no application state; polling picks those up.
            if (eventName is null || !eventName.StartsWith("job_application.", StringComparison.Ordinal)) return [];
            if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return [];
            var attributes = data.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;

            // The docs list snake_case names but say payloads are kebab-case: read both.
            var rejectedAt = Time(attributes, "rejected-at", "rejected_at");
            var stageName = Text(attributes, "stage-name", "stage_name");
            AtsApplicationStatus? status = eventName == "job_application.destroy" ? null
                : rejectedAt is not null ? AtsApplicationStatus.Rejected
                : string.Equals(stageName, "Hired", StringComparison.OrdinalIgnoreCase) ? AtsApplicationStatus.Hired
                : null;
            var occurredAt = rejectedAt ?? Time(attributes, "updated-at", "updated_at") ?? Time(attributes, "last-moved-at", "last_moved_at") ?? now;
            return
            [
                new AtsWebhookEvent(
                    "teamtailor:" + Convert.ToHexStringLower(SHA256.HashData(delivery.Body)),
                    eventName,
                    Text(attributes, "candidate-id", "candidate_id"),
                    data.TryGetProperty("id", out var id) ? TtIdConverter.Read(id) : null,
                    status,
                    status == AtsApplicationStatus.Rejected ? Text(attributes, "reject-reason", "reject_reason") : null,
                    occurredAt),
            ];
        }
    }

    private static bool TryReadHeader(string header, out string unix, out byte[] expected)
    {
        unix = "";
        expected = [];
        var buffer = new byte[header.Length];
        if (!Convert.TryFromBase64String(header.Trim(), buffer, out var length)) return false;
        string? hex = null;
        foreach (var part in Encoding.UTF8.GetString(buffer, 0, length).Split(','))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal)) unix = part[2..];
            else if (part.StartsWith("v2=", StringComparison.Ordinal)) hex = part[3..];
        }
        if (unix.Length == 0 || hex is not { Length: 64 } || !hex.All(Uri.IsHexDigit)) return false;
        expected = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>The payload as sent first; then re-serialised compactly, as the docs' JavaScript example signs it.</summary>
    private static IEnumerable<byte[]> SignedPayloads(byte[] body)
    {
        if (!TryParse(body, out var document)) yield break;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("payload", out var payload)) yield break;
            var raw = Encoding.UTF8.GetBytes(payload.GetRawText());
            yield return raw;
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                payload.WriteTo(writer);
            }
            var compact = stream.ToArray();
            if (!compact.AsSpan().SequenceEqual(raw)) yield return compact;
        }
    }

    private static bool TryParse(byte[] body, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(body);
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            document = null!;
            return false;
        }
    }

    private static string? Text(JsonElement e, params string[] names)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in names)
        {
            if (e.TryGetProperty(name, out var v) && TtIdConverter.Read(v) is { Length: > 0 } s) return s;
        }
        return null;
    }

    private static DateTimeOffset? Time(JsonElement e, params string[] names) =>
        DateTimeOffset.TryParse(Text(e, names), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
