using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// Recruitee signs each delivery with X-Recruitee-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the
/// secret shown in the webhook's settings. The body carries no timestamp, so replays are handled by dedupe on the
/// delivery id and by re-reading the candidate.
/// </summary>
internal static class RecruiteeWebhooks
{
    public const string SignatureHeader = "X-Recruitee-Signature";

    // Vendor docs: https://docs.recruitee.com/docs/webhooks
    public static bool Verify(AtsWebhookDelivery delivery, string signingSecret)
    {
        if (string.IsNullOrEmpty(signingSecret) || delivery.Body is null) return false;
        var header = delivery.Header(SignatureHeader)?.Trim();
        if (string.IsNullOrEmpty(header) || header.Length != 64) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(header);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), delivery.Body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// candidate_moved carries the new state: stage_changed (hired when the new stage's category is "hire"), disqualified
    /// (rejected, or withdrawn when the reason says so) and requalified. Test pings and other events give nothing.
    /// </summary>
    public static IReadOnlyList<AtsWebhookEvent> Parse(AtsWebhookDelivery delivery)
    {
        RecruiteeWebhookEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<RecruiteeWebhookEnvelope>(delivery.Body, RecruiteeJson.Options);
        }
        catch (JsonException)
        {
            return [];
        }
        if (envelope is null || envelope.Test == true || envelope.EventType is null) return [];

        var subtype = envelope.EventSubtype?.ToLowerInvariant();
        var details = envelope.Payload?.Details;
        var reason = RecruiteeMapping.ReasonText(details?.DisqualifyReason);
        AtsApplicationStatus? status = envelope.EventType.ToLowerInvariant() switch
        {
            "candidate_moved" when subtype == "disqualified" => RecruiteeMapping.RejectionStatus(reason),
            "candidate_moved" when subtype == "requalified" => AtsApplicationStatus.Active,
            "candidate_moved" when RecruiteeMapping.IsHireStage(details?.ToStage?.Category) => AtsApplicationStatus.Hired,
            "candidate_moved" when subtype == "stage_changed" => AtsApplicationStatus.Active,
            _ => null,
        };
        return
        [
            new AtsWebhookEvent(
                EventId(envelope, delivery.Body),
                subtype is null ? envelope.EventType : $"{envelope.EventType}.{subtype}",
                Id(envelope.Payload?.Candidate),
                Id(envelope.Payload?.Placement),
                status,
                status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn ? reason : null,
                envelope.CreatedAt ?? DateTimeOffset.UtcNow),
        ];
    }

    /// <summary>The envelope id stays the same across Recruitee's retries (attempt_count changes the body, so a hash would not).</summary>
    private static string EventId(RecruiteeWebhookEnvelope envelope, byte[] body) => envelope.Id switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrEmpty(s.GetString()) => s.GetString()!,
        _ => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)),
    };

    private static string? Id(RecruiteeWebhookRef? reference) =>
        reference?.Id.ToString(CultureInfo.InvariantCulture);
}
