using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Providers.Greenhouse;

/// <summary>
/// Greenhouse Recruiting webhooks, configured by the customer in Dev Center: <c>Signature: sha256 &lt;hex&gt;</c> is
/// HMAC-SHA256(secret, raw body); <c>Greenhouse-Event-ID</c> names the delivery but is not signed, so duplicates are
/// keyed on the signed body instead. Payloads are v1-shaped.
/// Vendor docs: https://developers.greenhouse.io/webhooks.html
/// </summary>
internal static class GreenhouseWebhooks
{
    public const string SignatureHeader = "Signature";
    private const string Scheme = "sha256 ";

    private static readonly HashSet<string> Followed =
    [
        "new_candidate_application", "new_prospect_application", "application_updated", "candidate_stage_change",
        "reject_candidate", "unreject_candidate", "hire_candidate", "unhire_candidate", "delete_application",
    ];

    public static bool Verify(AtsWebhookDelivery delivery, string signingSecret)
    {
        var header = delivery.Header(SignatureHeader);
        if (string.IsNullOrEmpty(signingSecret) || header is null || !header.StartsWith(Scheme, StringComparison.Ordinal)) return false;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(header.AsSpan(Scheme.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), delivery.Body);
        return CryptographicOperations.FixedTimeEquals(expected, claimed);
    }

    public static IReadOnlyList<AtsWebhookEvent> Parse(AtsWebhookDelivery delivery, DateTimeOffset now)
    {
        GhWebhook? hook;
        try
        {
            hook = JsonSerializer.Deserialize<GhWebhook>(delivery.Body, GhJson.Options);
        }
        catch (JsonException)
        {
            return [];
        }
        var app = hook?.Payload?.Application;
        if (hook?.Action is not { Length: > 0 } action || app is null || app.Id == 0) return [];

        if (!Followed.Contains(action)) return [];
        AtsApplicationStatus? status = action switch
        {
            "reject_candidate" => GreenhouseMapping.ToStatus("rejected", app.RejectionReason),
            "hire_candidate" => AtsApplicationStatus.Hired,
            "unreject_candidate" or "unhire_candidate" => AtsApplicationStatus.Active,
            // Stage changes and updates carry the v1 status; anything else is only a hint to re-read.
            _ => app.Status is null ? null : GreenhouseMapping.ToStatus(app.Status, app.RejectionReason),
        };

        // The duplicate key is the signed body itself: Greenhouse-Event-ID is outside the signature, so a replay of one
        // signed delivery with fresh header values would otherwise count as new events. Greenhouse retries send the same body.
        var eventId = Convert.ToHexStringLower(SHA256.HashData(delivery.Body));
        var reason = status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn ? app.RejectionReason?.Name : null;
        var occurredAt = app.LastActivityAt ?? app.RejectedAt ?? app.Offer?.ResolvedAt ?? now;
        return
        [
            new AtsWebhookEvent(eventId, action, app.Candidate is { Id: > 0 } c ? GreenhouseMapping.Id(c.Id) : null,
                GreenhouseMapping.Id(app.Id), status, reason, occurredAt),
        ];
    }
}
