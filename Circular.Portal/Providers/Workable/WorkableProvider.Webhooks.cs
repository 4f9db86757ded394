using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Flurl;

namespace Circular.Portal.Providers.Workable;

public sealed partial class WorkableProvider
{
    public const string SignatureHeader = "X-Workable-Signature";

    /// <summary>The only candidate event that reports a change after creation; a target may hold one event only.</summary>
    private const string MovedEvent = "candidate_moved";

    /// <summary>Lowercase or uppercase hex of HMAC-SHA256 over the raw body, keyed by the account API token.</summary>
    public bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret)
    {
        if (string.IsNullOrEmpty(signingSecret) || delivery?.Headers is null || delivery.Body is null) return false;
        var header = delivery.Header(SignatureHeader)?.Trim();
        if (header is null || header.Length != 64) return false;
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

    public IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery)
    {
        WorkableWebhook? hook;
        try
        {
            using var doc = JsonDocument.Parse(delivery.Body);
            hook = ReadEnvelope(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return [];
        }
        if (hook?.Data is not { Id: { } candidateId } candidate) return [];
        if (hook.ResourceType is { } type && !type.Equals("candidate", StringComparison.OrdinalIgnoreCase)) return [];
        if (hook.EventType?.StartsWith("employee", StringComparison.OrdinalIgnoreCase) == true) return [];

        var (status, reason, at) = WorkableMapping.ToStatus(candidate);
        // Workable sends the candidate as it is at send time, so its own timestamps order events better than fired_at.
        var occurred = at ?? hook.FiredAt ?? clock.GetUtcNow();
        var eventId = hook.Id ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(delivery.Body));
        return [new AtsWebhookEvent(eventId, hook.EventType ?? MovedEvent, candidateId, candidateId, status, reason, occurred)];
    }

    /// <summary>The documented envelope is <c>{id, event_type, fired_at, resource_type, data}</c>; a bare or wrapped candidate is read too.</summary>
    private static WorkableWebhook? ReadEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return null;
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object) return root.Deserialize<WorkableWebhook>(WorkableJson.Options);
        var candidate = root.TryGetProperty("candidate", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object ? wrapped : root;
        return new WorkableWebhook(null, null, null, null, candidate.Deserialize<WorkableCandidate>(WorkableJson.Options));
    }

    public async Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct)
    {
        var token = Token(connection);
        var target = callbackUrl.AbsoluteUri;
        var body = new WorkableSubscriptionRequest(target, MovedEvent, new WorkableSubscriptionArgs(Subdomain(connection), "", ""));
        string? id;
        try
        {
            // Vendor docs: https://workable.readme.io/reference/webhook-subscriptions
            id = (await PostAsync<WorkableSubscriptionCreated>(connection, ApiUrl(connection, "subscriptions"), body, ct)).Id;
        }
        catch (AtsException e) when (e.StatusCode == 409)
        {
            // A retry after a lost answer: the target is already subscribed, so adopt that subscription.
            id = await FindSubscriptionAsync(connection, target, ct);
        }
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new AtsException(Kind, AtsFailureKind.Transient, "Workable did not return the webhook subscription's id; try connecting webhooks again.");
        }
        // Workable signs deliveries with the API token itself; it takes no secret of ours, so portalSecret is unused.
        return new AtsWebhookRegistration(id, token);
    }

    private async Task<string?> FindSubscriptionAsync(AtsConnectionContext connection, string target, CancellationToken ct)
    {
        // Vendor docs: https://workable.readme.io/reference/webhook-subscriptions
        var page = await GetAsync<WorkableSubscriptionsPage>(connection, ApiUrl(connection, "subscriptions"), ct);
        return page.Subscriptions?.FirstOrDefault(s => string.Equals(s.Target, target, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    public async Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct)
    {
        try
        {
            // Vendor docs: https://workable.readme.io/reference/webhook-subscriptions
            var url = ApiUrl(connection, "subscriptions", subscriptionId);
            await http.SendAsync(Kind, connection.ConnectionKey, RateLimit, Request(connection, url), HttpMethod.Delete, null, ct);
        }
        catch (AtsException e) when (e.StatusCode is 404 or 410)
        {
            // Already gone at Workable: that is the state we want.
        }
    }
}
