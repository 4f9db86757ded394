using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>
/// The signature on every webhook the portal sends the platform, in the Standard Webhooks manner: HMAC-SHA256 with the
/// shared secret over <c>{id}.{timestamp}.{raw body}</c>, hex, in <c>Circular-Signature: v1=&lt;hex&gt;</c>; the id and
/// the Unix timestamp travel in their own headers. A receiver recomputes it over the bytes it received and refuses a
/// timestamp more than five minutes away from its clock.
/// </summary>
public static class PlatformWebhookSignature
{
    public const string IdHeader = "Circular-Webhook-Id";
    public const string TimestampHeader = "Circular-Webhook-Timestamp";
    public const string SignatureHeader = "Circular-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string id, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: constant-time compare, and a timestamp within <see cref="Tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? id, string? timestamp, string? signature, byte[] body, DateTimeOffset now)
    {
        if (id is null || signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(ts)).Duration() > Tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, ts, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
