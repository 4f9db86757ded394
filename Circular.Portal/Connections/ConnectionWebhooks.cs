using System.Security.Cryptography;
using Circular.Portal.Providers;

namespace Circular.Portal.Connections;

/// <summary>Sets up and removes a connection's webhook: the portal subscribes itself where the vendor's API allows.</summary>
public sealed class ConnectionWebhooks(AtsProviders providers, ILogger<ConnectionWebhooks> log)
{
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Subscribes at the vendor (API registration) and keeps the signing secret it uses; for manual vendors it only makes
    /// the secret the admin will paste. A failed subscription is reported, not fatal: polling still covers the connection.
    /// </summary>
    public async Task<string?> SetUpAsync(AtsConnection connection, ConnectionSecrets secrets, AtsConnectionContext context, Uri callbackUrl, CancellationToken ct)
    {
        secrets.WebhookSecret ??= NewSecret();
        var provider = providers.Get(connection.Kind);
        if (provider.Traits.Webhooks != AtsWebhookSupport.ApiRegistration) return null;
        if (connection.WebhookSubscriptionId is not null) await RemoveAsync(connection, context, ct);
        try
        {
            var registration = await provider.RegisterWebhookAsync(context, callbackUrl, secrets.WebhookSecret, ct);
            connection.WebhookSubscriptionId = registration.SubscriptionId;
            connection.WebhookAutoRegistered = true;
            secrets.WebhookSecret = registration.SigningSecret;
            return null;
        }
        catch (AtsException e)
        {
            log.LogWarning("Webhook subscription for connection {ConnectionId} failed ({Kind})", connection.Id, e.Kind);
            return $"The portal could not subscribe to {provider.Traits.DisplayName} webhooks ({e.Message}); changes are still picked up by polling.";
        }
    }

    public async Task RemoveAsync(AtsConnection connection, AtsConnectionContext context, CancellationToken ct)
    {
        if (connection.WebhookSubscriptionId is not { } id) return;
        try
        {
            await providers.Get(connection.Kind).UnregisterWebhookAsync(context, id, ct);
        }
        catch (AtsException e)
        {
            log.LogWarning("Removing webhook subscription of connection {ConnectionId} failed ({Kind})", connection.Id, e.Kind);
        }
        connection.WebhookSubscriptionId = null;
        connection.WebhookAutoRegistered = false;
    }
}
