using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Connections;

/// <summary>A webhook secret shown to the admin this once, with what to do with it.</summary>
public sealed record WebhookSecretShown(string? Secret, string Message)
{
    public bool Shown => Secret is not null;
}

/// <summary>
/// A connection's webhook set-up after it is made: the portal-generated secret shown once and rotated on request (the
/// previous one still verifies for a grace window), the vendor-issued signing keys pasted by the admin, and a new
/// attempt at subscribing where the vendor's API allows.
/// </summary>
public sealed class ConnectionWebhookSettings(
    IDbContextFactory<PortalDbContext> dbFactory,
    CredentialVault vault,
    ConnectionWebhooks webhooks,
    AtsProviders providers,
    PortalUrls urls,
    SyncEvents events,
    TimeProvider clock,
    Data.Audit.Auditor auditor,
    ILogger<ConnectionWebhookSettings> log)
{
    /// <summary>How long a replaced secret still verifies: vendors retry failed deliveries for up to two days.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(48);

    /// <summary>The portal-generated secret, the first time it is asked for; null (with a message) ever after.</summary>
    public async Task<WebhookSecretShown> ShowSecretOnceAsync(int connectionId, CancellationToken ct)
    {
        await auditor.DemandAsync(Data.Audit.ForbiddenWhileImpersonating.Secrets, "WebhookSecret.Shown", $"AtsConnection {connectionId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await LiveAsync(db, connectionId, ct);
        if (connection is null) return new(null, "That connection does not exist.");
        if (connection.WebhookSecretShownAt is { } shownAt)
        {
            return new(null, $"The secret was shown once, on {shownAt:yyyy-MM-dd HH:mm} UTC, and is not shown again. Lost it? Rotate it to get a new one.");
        }
        var secret = vault.Unprotect(connection)?.WebhookSecret;
        if (secret is null) return new(null, "This connection has no webhook secret yet; rotate to make one.");
        connection.WebhookSecretShownAt = clock.GetUtcNow();
        connection.Version = Guid.NewGuid();
        auditor.Name(db, "WebhookSecret.Shown", $"AtsConnection {connectionId}");
        await db.SaveChangesAsync(ct);
        return new(secret, "Copy it now: it is shown only this once.");
    }

    /// <summary>Makes a new portal secret and shows it once; the old one keeps verifying for <see cref="Grace"/>.</summary>
    public async Task<WebhookSecretShown> RotateSecretAsync(int connectionId, CancellationToken ct)
    {
        await auditor.DemandAsync(Data.Audit.ForbiddenWhileImpersonating.Secrets, "WebhookSecret.Rotated", $"AtsConnection {connectionId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await LiveAsync(db, connectionId, ct);
        if (connection is null) return new(null, "That connection does not exist.");
        var secrets = vault.Unprotect(connection);
        if (secrets is null) return new(null, "The connection's credentials are missing; reconnect it first.");
        var now = clock.GetUtcNow();
        var secret = ConnectionWebhooks.NewSecret();
        secrets.ReplaceWebhookSecret(secret, now + Grace);
        vault.Store(connection, secrets);
        connection.WebhookSecretShownAt = now;
        connection.Version = Guid.NewGuid();
        auditor.Name(db, "WebhookSecret.Rotated", $"AtsConnection {connectionId}");
        await db.SaveChangesAsync(ct);
        log.LogInformation("Webhook secret of connection {ConnectionId} rotated", connectionId);
        return new(secret, $"Paste the new secret at {Vendor(connection)} now: it is shown only this once. The old one keeps working for {Grace.TotalHours:0} hours.");
    }

    /// <summary>
    /// Stores the signing keys a vendor issued for its webhooks (Teamtailor's key; Lever's token per webhook, several
    /// separated by spaces or lines); write-only from then on. The keys they replace verify for <see cref="Grace"/>.
    /// </summary>
    public async Task<ConnectOutcome> SetVendorSecretAsync(int connectionId, string? pasted, CancellationToken ct)
    {
        await auditor.DemandAsync(Data.Audit.ForbiddenWhileImpersonating.Secrets, "WebhookSecret.Set", $"AtsConnection {connectionId}", ct);
        var keys = (pasted ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (keys.Length == 0 || keys.Any(k => k.Length is < 8 or > 500) || keys.Length > 10)
            return ConnectOutcome.Failed("Paste the whole signature key (at least 8 characters; several keys separated by spaces).");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await LiveAsync(db, connectionId, ct);
        if (connection is null) return ConnectOutcome.Failed("That connection does not exist.");
        var secrets = vault.Unprotect(connection) ?? new ConnectionSecrets();
        secrets.ReplaceWebhookSecret(string.Join(' ', keys.Distinct(StringComparer.Ordinal)), clock.GetUtcNow() + Grace);
        vault.Store(connection, secrets);
        connection.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);
        return new ConnectOutcome(true, keys.Length == 1
            ? "Signature key saved. Webhook deliveries are now checked with it."
            : $"{keys.Length} signature keys saved. Webhook deliveries are now checked with them.", connectionId);
    }

    /// <summary>Tries again to subscribe the portal at the vendor (where its API allows), e.g. after a permission was granted.</summary>
    public async Task<ConnectOutcome> SubscribeAgainAsync(int connectionId, Uri requestBase, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await LiveAsync(db, connectionId, ct);
        if (connection is null) return ConnectOutcome.Failed("That connection does not exist.");
        var secrets = vault.Unprotect(connection);
        if (secrets is null) return ConnectOutcome.Failed("The connection's credentials are missing; reconnect it first.");
        var warning = await webhooks.SetUpAsync(connection, secrets, ConnectionContexts.Context(connection, secrets), urls.Webhook(requestBase, connection), ct);
        vault.Store(connection, secrets);
        connection.WebhookWarning = warning ?? (connection.WebhookAutoRegistered ? null : connection.WebhookWarning);
        connection.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);
        return warning is null
            ? new ConnectOutcome(true, $"The portal is subscribed to {Vendor(connection)} webhooks.", connectionId)
            : ConnectOutcome.Failed(warning);
    }

    private string Vendor(AtsConnection connection) => providers.Get(connection.Kind).Traits.DisplayName;

    private static Task<AtsConnection?> LiveAsync(PortalDbContext db, int connectionId, CancellationToken ct) =>
        db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId && c.State != ConnectionState.Disconnected, ct);
}
