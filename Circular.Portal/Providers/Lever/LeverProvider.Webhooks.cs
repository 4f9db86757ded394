using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Providers.Lever;

public sealed partial class LeverProvider
{
    /// <summary>Hired is an archive with a "hired" reason, so the archive event covers rejected and hired; the others add detail.</summary>
    private static readonly string[] WebhookEvents = ["candidateArchiveChange", "candidateHired", "candidateStageChange"];

    /// <summary>
    /// Lever signs hex(HMAC-SHA256(key = signature token, message = token + triggeredAt)) and puts it in the body field "signature";
    /// no header, and not over the raw body. Each Lever webhook has its own token, so the secret may list several, space-separated.
    /// A signature on an old <c>triggeredAt</c> is refused (<see cref="LeverWebhookSignature.Tolerance"/>): the signature covers
    /// so little that a captured delivery must not stay usable.
    /// </summary>
    public bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret) =>
        LeverWebhookSignature.Verify(delivery.Body, signingSecret, clock.GetUtcNow());

    public IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery) => LeverWebhookSignature.Parse(delivery.Body);

    /// <summary>Lever issues its own signature token per webhook, so <paramref name="portalSecret"/> is not used.</summary>
    public async Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct)
    {
        var ids = new List<string>();
        var tokens = new List<string>();
        try
        {
            foreach (var name in WebhookEvents)
            {
                // Vendor docs: https://hire.lever.co/developer/documentation#create-a-webhook
                var answer = await SendAsync<LeverEnvelope<LeverWebhook>>(connection, Api(connection, "webhooks"), HttpMethod.Post,
                    JsonContent(new { url = callbackUrl.ToString(), @event = name }), ct);
                // Lever's own example nests the webhook once more as data.data.
                var hook = answer.Data?.Data ?? answer.Data;
                if (hook?.Id is not { Length: > 0 } id || hook.Configuration?.SignatureToken is not { Length: > 0 } token)
                {
                    throw new AtsException(Kind, AtsFailureKind.Transient, "Lever created a webhook without returning its id and signature token.");
                }
                ids.Add(id);
                tokens.Add(token);
            }
        }
        catch (AtsException)
        {
            await RemoveWebhooksAsync(connection, ids, ct);
            throw;
        }
        return new AtsWebhookRegistration(string.Join(',', ids), string.Join(' ', tokens));
    }

    public Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct) =>
        RemoveWebhooksAsync(connection, subscriptionId.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ct);

    private async Task RemoveWebhooksAsync(AtsConnectionContext connection, IEnumerable<string> ids, CancellationToken ct)
    {
        foreach (var id in ids)
        {
            try
            {
                // Vendor docs: https://hire.lever.co/developer/documentation#delete-a-webhook
                await http.SendAsync(Kind, connection.ConnectionKey, RateLimit, Api(connection, "webhooks", id), HttpMethod.Delete, null, ct);
            }
            catch (AtsException e) when (e.StatusCode == 404)
            {
                // Already gone at Lever: that is what we wanted.
            }
        }
    }
}

internal static class LeverWebhookSignature
{
    /// <summary>
    /// Deliveries whose signed <c>triggeredAt</c> is further than this from our clock (either way) are refused, so a
    /// captured delivery cannot be replayed later. A Lever retry that comes later than this is refused too; status
    /// polling still picks the change up.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool Verify(byte[]? body, string? signingSecret, DateTimeOffset now)
    {
        if (body is not { Length: > 0 } || string.IsNullOrEmpty(signingSecret)) return false;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "token") is not { Length: > 0 } token
                || Text(root, "triggeredAt") is not { Length: > 0 } triggeredAt
                || Text(root, "signature") is not { Length: > 0 } signature
                || signature.Length != 64) return false;
            if (!long.TryParse(triggeredAt, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var millis)
                || Math.Abs(now.ToUnixTimeMilliseconds() - (double)millis) > Tolerance.TotalMilliseconds) return false;
            var given = Convert.FromHexString(signature);
            var message = Encoding.UTF8.GetBytes(token + triggeredAt);
            var valid = false;
            foreach (var secret in signingSecret.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                // No early exit: every token is checked, so timing says nothing about which one matched.
                valid |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message), given);
            }
            return valid;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    public static IReadOnlyList<AtsWebhookEvent> Parse(byte[]? body)
    {
        if (body is not { Length: > 0 }) return [];
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return [];
            var opportunityId = Text(data, "opportunityId") ?? Text(data, "candidateId");
            if (opportunityId is null) return []; // the test ping carries "data": {}
            var name = Text(root, "event") ?? "";
            if (name is not ("candidateStageChange" or "candidateHired" or "candidateArchiveChange" or "candidateDeleted")) return [];
            AtsApplicationStatus? status = name switch
            {
                "candidateStageChange" => AtsApplicationStatus.Active,
                "candidateHired" => AtsApplicationStatus.Hired,
                "candidateArchiveChange" when data.TryGetProperty("toArchived", out var to) && to.ValueKind == JsonValueKind.Null => AtsApplicationStatus.Active,
                // Rejected or hired depends on the archive reason's type, which only the API knows: the caller re-reads.
                _ => null,
            };
            // Only token + triggeredAt are signed; the body's "id" (and the rest of it) is not, so duplicates are keyed on the
            // signed pair: a captured delivery sent again with another "id" is the same event.
            var eventId = "lever:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(root, "token") + Text(root, "triggeredAt"))));
            var at = long.TryParse(Text(root, "triggeredAt"), out var ms) ? LeverMapping.ToTime(ms) : null;
            return [new AtsWebhookEvent(eventId, name, opportunityId, Text(data, "applicationId"), status, null, at ?? DateTimeOffset.UnixEpoch)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A string value as is, a number as its JSON text (the signature is over the number as Lever wrote it).</summary>
    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;
}
