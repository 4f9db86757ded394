using System.Security.Cryptography;
using Circular.Portal.Components;
using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Connections;

/// <summary>
/// Connect, reconnect, pick the acting user, disconnect: the one path the wizard, the OAuth callback and the sync jobs
/// share. Credentials are verified live before anything is saved, and saved only encrypted.
/// </summary>
public sealed class ConnectionLifecycle(
    IDbContextFactory<PortalDbContext> dbFactory,
    TenantContext tenant,
    AtsProviders providers,
    CredentialVault vault,
    ConnectionWebhooks webhooks,
    SyncScheduler scheduler,
    Notifier notifier,
    SyncEvents events,
    PortalUrls urls,
    Sync.Push.PushOutbox pushOutbox,
    TimeProvider clock,
    Data.Audit.Auditor auditor,
    ILogger<ConnectionLifecycle> log)
{
    /// <summary>Checks credentials live; the outcome says what is wrong in words an admin understands.</summary>
    public async Task<ConnectOutcome> VerifyAsync(AtsKind kind, AtsCredentials credentials, CancellationToken ct)
    {
        var provider = providers.Get(kind);
        try
        {
            var context = new AtsConnectionContext($"verify-{kind}-{tenant.CompanyId}", credentials);
            var account = await provider.VerifyAsync(context, ct);
            if (account.MissingPermissions.Count > 0)
            {
                return new ConnectOutcome(false,
                    $"{provider.Traits.DisplayName} accepted the credentials, but they are missing: {Words.List(account.MissingPermissions)}.", null, account);
            }
            return new ConnectOutcome(true, $"Verified: {provider.Traits.DisplayName} account \"{account.Name}\".", null, account);
        }
        catch (AtsException e)
        {
            return ConnectOutcome.From(e, provider.Traits.DisplayName);
        }
    }

    /// <summary>Verifies a token again (whatever the wizard showed), then saves the connection and schedules the first sync.</summary>
    public async Task<ConnectOutcome> ConnectWithTokenAsync(TokenConnectRequest request, Uri requestBase, CancellationToken ct)
    {
        await auditor.DemandAsync(Data.Audit.ForbiddenWhileImpersonating.ConnectOrDisconnect, "Connection.Connect", request.Kind.ToString(), ct);
        var credentials = new AtsCredentials { ApiToken = request.Token.Trim(), Account = request.Account.Trim() };
        var verified = await VerifyAsync(request.Kind, credentials, ct);
        if (!verified.Succeeded) return verified;
        // The vendor's own word on expiry wins; otherwise the date the admin read when creating the token.
        var account = verified.Account! with
        {
            ExpiresAt = verified.Account!.ExpiresAt ?? request.ExpiresOn?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        return await SaveAsync(new PendingConnection(request.Kind, account, new ConnectionSecrets { ApiToken = credentials.ApiToken },
            credentials.Account, null, null, null, request.ActingUserId), requestBase, ct);
    }

    /// <summary>
    /// Saves a verified connection. The company's live one for this vendor is reused (reconnect keeps its id, mappings and
    /// history); failing that, the latest disconnected one for the same vendor account is revived, so its imported jobs and
    /// links come back instead of being offered again as new.
    /// </summary>
    internal async Task<ConnectOutcome> SaveAsync(PendingConnection pending, Uri requestBase, CancellationToken ct)
    {
        var companyId = tenant.CompanyId ?? throw new InvalidOperationException("Connecting needs a company in scope.");
        var provider = providers.Get(pending.Kind);
        var actingUser = pending.ActingUserId is null ? null : pending.Account.Users.FirstOrDefault(u => u.Id == pending.ActingUserId);
        if (pending.ActingUserId is not null && actingUser is null)
            return ConnectOutcome.Failed($"That user is not in the {provider.Traits.DisplayName} account.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Kind == pending.Kind && c.State != ConnectionState.Disconnected, ct);
        // Reconnecting keeps the webhook secret the vendor was given, so its deliveries still verify.
        var earlierSecrets = connection is null ? null : vault.Unprotect(connection);
        connection ??= await EarlierConnectionAsync(db, pending, ct);
        if (connection is null)
        {
            connection = new AtsConnection { CompanyId = companyId, Kind = pending.Kind, PublicId = NewPublicId() };
            db.Connections.Add(connection);
        }
        else if (connection.State == ConnectionState.Disconnected)
        {
            // Revived: a new webhook address and secret (the old ones were invalidated at disconnect), the same jobs and links.
            connection.PublicId = NewPublicId();
            connection.DisconnectedAt = null;
            connection.WebhookSecretShownAt = null;
            connection.LastWebhookAt = null;
            log.LogInformation("Connection {ConnectionId} to {Vendor} revived for the same account", connection.Id, pending.Kind);
        }
        connection.State = ConnectionState.Syncing;
        connection.Account = pending.AccountLocator;
        connection.Environment = pending.Environment;
        connection.AccountName = pending.Account.Name;
        connection.ActingUserId = actingUser?.Id ?? connection.ActingUserId;
        connection.ActingUserName = actingUser?.Name ?? connection.ActingUserName;
        connection.AccessTokenExpiresAt = pending.AccessTokenExpiresAt;
        connection.CredentialExpiresAt = pending.Account.ExpiresAt;
        connection.GrantedScopes = pending.Scopes is null ? null : string.Join(' ', pending.Scopes);
        connection.LastError = null;
        connection.LastUsedAt = clock.GetUtcNow();
        connection.Version = Guid.NewGuid();

        var secrets = pending.Secrets;
        if (earlierSecrets?.WebhookSecret is { } kept)
        {
            secrets.WebhookSecret ??= kept;
            secrets.PreviousWebhookSecret ??= earlierSecrets.PreviousWebhookSecret;
            secrets.PreviousWebhookSecretUntil ??= earlierSecrets.PreviousWebhookSecretUntil;
        }
        var hookWarning = await webhooks.SetUpAsync(connection, secrets, ConnectionContexts.Context(connection, secrets), urls.Webhook(requestBase, connection), ct);
        vault.Store(connection, secrets);
        // Kept apart from LastError, which the next sync clears: the warning stays until webhooks work.
        if (hookWarning is not null || connection.WebhookAutoRegistered) connection.WebhookWarning = hookWarning;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ConnectOutcome.Failed($"{provider.Traits.DisplayName} was connected by someone else a moment ago. Reload the page.");
        }
        await scheduler.ScheduleFirstSyncAsync(connection.Id, ct);
        await events.PublishAsync(companyId);
        log.LogInformation("Connection {ConnectionId} to {Vendor} saved; first sync scheduled", connection.Id, pending.Kind);
        return new ConnectOutcome(true, $"Connected to {provider.Traits.DisplayName} account \"{pending.Account.Name}\". The first sync is running.", connection.Id, pending.Account);
    }

    /// <summary>Sets the vendor user writes are made as, checked live against the account's users.</summary>
    public async Task<ConnectOutcome> SetActingUserAsync(int connectionId, string userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await Data.Audit.WriteGate.DemandWriteAsync(db, "Connection.ActingUser", $"AtsConnection {connectionId}", ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId && c.State != ConnectionState.Disconnected, ct);
        if (connection is null) return ConnectOutcome.Failed("That connection does not exist.");
        var users = await UsersAsync(connection, ct);
        if (users is null) return ConnectOutcome.Failed("The account's users could not be read right now; try again in a minute.");
        var user = users.FirstOrDefault(u => u.Id == userId);
        if (user is null) return ConnectOutcome.Failed("That user is not in the account.");
        connection.ActingUserId = user.Id;
        connection.ActingUserName = user.Name;
        connection.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);
        return new ConnectOutcome(true, $"Candidates will be added as {user.Name}.", connection.Id);
    }

    /// <summary>The account's users (for the acting-user choice), or null when the vendor cannot be asked right now.</summary>
    public async Task<IReadOnlyList<AtsUser>?> UsersAsync(AtsConnection connection, CancellationToken ct)
    {
        var secrets = vault.Unprotect(connection);
        if (secrets is null) return null;
        try
        {
            var account = await providers.Get(connection.Kind).VerifyAsync(ConnectionContexts.Context(connection, secrets), ct);
            return account.Users;
        }
        catch (AtsException)
        {
            return null;
        }
    }

    /// <summary>Revokes at the vendor where possible, removes the webhook, wipes the secrets and cancels pending work. History stays.</summary>
    public async Task<ConnectOutcome> DisconnectAsync(int connectionId, CancellationToken ct)
    {
        await auditor.DemandAsync(Data.Audit.ForbiddenWhileImpersonating.ConnectOrDisconnect, "Connection.Disconnect", $"AtsConnection {connectionId}", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId && c.State != ConnectionState.Disconnected, ct);
        if (connection is null) return ConnectOutcome.Failed("That connection does not exist or is already disconnected.");
        var provider = providers.Get(connection.Kind);
        if (vault.Unprotect(connection) is { } secrets)
        {
            var context = ConnectionContexts.Context(connection, secrets);
            await webhooks.RemoveAsync(connection, context, ct);
            if (provider.OAuth is { } oauth)
            {
                foreach (var token in new[] { secrets.RefreshToken, secrets.AccessToken }.OfType<string>())
                {
                    try
                    {
                        await oauth.RevokeAsync(token, connection.Environment, ct);
                    }
                    catch (AtsException e)
                    {
                        log.LogWarning("Revoking a token of connection {ConnectionId} failed ({Kind})", connectionId, e.Kind);
                    }
                }
            }
        }
        CredentialVault.Wipe(connection);
        connection.State = ConnectionState.Disconnected;
        connection.DisconnectedAt = clock.GetUtcNow();
        connection.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        await scheduler.UnscheduleAsync(connectionId, ct);
        await events.PublishAsync(connection.CompanyId);
        return new ConnectOutcome(true, $"{provider.Traits.DisplayName} is disconnected. Its history is kept.", connectionId);
    }

    /// <summary>
    /// "Sync now": one run of the connection's own worker lists its jobs and polls its candidates' statuses at once (never
    /// beside another run of the same connection). Refused, with the reason, when the connection cannot be used now.
    /// </summary>
    public async Task<ConnectOutcome> SyncNowAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId && c.State != ConnectionState.Disconnected, ct);
        if (connection is null) return ConnectOutcome.Failed("That connection does not exist or is disconnected.");
        var vendor = providers.Get(connection.Kind).Traits.DisplayName;
        if (connection.State is ConnectionState.NeedsReauth or ConnectionState.Connecting)
        {
            return ConnectOutcome.Failed($"Reconnect {vendor} first; nothing can be synced until then.");
        }
        if (connection.RateLimitedUntil is { } until && until > clock.GetUtcNow())
        {
            return ConnectOutcome.Failed($"{vendor} asked us to wait until {until:HH:mm} UTC; the sync runs by itself then.");
        }
        await scheduler.SyncNowAsync(connectionId, ct);
        log.LogInformation("Sync now requested for connection {ConnectionId}", connectionId);
        return new ConnectOutcome(true, $"Syncing with {vendor} now: jobs and candidate statuses.", connectionId);
    }

    /// <summary>Stops all calls for a connection whose credentials were refused, and tells the admins to reconnect.</summary>
    public async Task MarkNeedsReauthAsync(int connectionId, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || connection.State is ConnectionState.NeedsReauth or ConnectionState.Disconnected) return;
        connection.State = ConnectionState.NeedsReauth;
        connection.LastError = reason;
        connection.Version = Guid.NewGuid();
        var vendor = providers.Get(connection.Kind).Traits.DisplayName;
        // Its queued pushes wait visibly ("waiting: reconnect"), in the same save; a reconnect's first sync releases them.
        await pushOutbox.HoldForReauthAsync(db, connection.Id, vendor, ct);
        await notifier.AddForAdminsAsync(db, connection.CompanyId, $"{vendor} needs to be reconnected",
            $"{vendor} no longer accepts the portal's credentials, so nothing is sent or synced. Open ATS Integration and choose Reconnect; your mappings and history are kept.",
            "/integrations", NotificationLevel.Error, sendEmail: true, ct);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(connection.CompanyId);
    }

    /// <summary>
    /// The latest disconnected connection to the same vendor account: same vendor, same account locator (subdomain,
    /// region, company id) and environment, and the same account name, which stands in for an account id the vendors do not
    /// all give. A different account starts afresh; the disconnect dialog says so.
    /// </summary>
    private static Task<AtsConnection?> EarlierConnectionAsync(PortalDbContext db, PendingConnection pending, CancellationToken ct) =>
        db.Connections
            .Where(c => c.Kind == pending.Kind && c.State == ConnectionState.Disconnected && c.Account == pending.AccountLocator
                        && c.Environment == pending.Environment && c.AccountName == pending.Account.Name)
            .OrderByDescending(c => c.DisconnectedAt).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(ct);

    private static string NewPublicId() =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>What an admin typed in a token vendor's wizard.</summary>
/// <param name="ExpiresOn">The token's expiry date where the vendor shows it only when the token is made (Workable).</param>
public sealed record TokenConnectRequest(AtsKind Kind, string Account, string Token, string? ActingUserId = null, DateOnly? ExpiresOn = null)
{
    public override string ToString() => $"TokenConnectRequest {{ Kind = {Kind}, Account = {Account}, token redacted }}";
}

/// <summary>A verified connection about to be saved.</summary>
internal sealed record PendingConnection(
    AtsKind Kind,
    AtsAccount Account,
    ConnectionSecrets Secrets,
    string? AccountLocator,
    string? Environment,
    DateTimeOffset? AccessTokenExpiresAt,
    IReadOnlyList<string>? Scopes,
    string? ActingUserId);
