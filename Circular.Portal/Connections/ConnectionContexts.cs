using System.Collections.Concurrent;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Connections;

/// <summary>
/// Turns a stored connection into the context a provider call needs: decrypts its secrets and, for OAuth vendors,
/// refreshes the access token before it expires — once, even when many callers ask at the same moment — storing the
/// rotated refresh token before anything else so it is never lost.
/// </summary>
public sealed class ConnectionContexts(
    IDbContextFactory<PortalDbContext> dbFactory,
    CredentialVault vault,
    AtsProviders providers,
    TimeProvider clock,
    ILogger<ConnectionContexts> log)
{
    /// <summary>Refresh when the access token has less than this left.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<int, SemaphoreSlim> RefreshLocks = new();

    public async Task<AtsConnectionContext> ForAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.SingleOrDefaultAsync(c => c.Id == connectionId, ct)
            ?? throw new InvalidOperationException($"Connection {connectionId} does not exist.");
        if (connection.State is ConnectionState.Disconnected or ConnectionState.NeedsReauth)
        {
            throw new AtsException(connection.Kind, AtsFailureKind.Auth, "The connection needs to be reconnected before it can be used.");
        }
        var secrets = vault.Unprotect(connection)
            ?? throw new AtsException(connection.Kind, AtsFailureKind.Auth, "The connection's credentials are missing; reconnect it.");
        if (providers.Get(connection.Kind).OAuth is not null && NeedsRefresh(connection))
        {
            secrets = await RefreshAsync(connectionId, force: false, ct);
        }
        return Context(connection, secrets);
    }

    public static AtsConnectionContext Context(AtsConnection connection, ConnectionSecrets secrets) =>
        new(connection.PublicId, new AtsCredentials
        {
            ApiToken = secrets.ApiToken,
            AccessToken = secrets.AccessToken,
            Account = connection.Account,
            Environment = connection.Environment,
            ActingUserId = connection.ActingUserId,
        });

    private bool NeedsRefresh(AtsConnection connection) =>
        connection.AccessTokenExpiresAt is { } expires && expires - clock.GetUtcNow() < RefreshMargin;

    /// <summary>Refreshes single-flight per connection. With <paramref name="force"/> it refreshes even a fresh token (keep-alive).</summary>
    /// <param name="unlessRefreshedSince">
    /// For a forced refresh: the token expiry the caller saw when it decided to refresh. When the stored expiry differs once
    /// the lock is held, another caller (another node) refreshed meanwhile, and its token is used instead of a second refresh.
    /// </param>
    public async Task<ConnectionSecrets> RefreshAsync(int connectionId, bool force, CancellationToken ct, DateTimeOffset? unlessRefreshedSince = null)
    {
        var gate = RefreshLocks.GetOrAdd(connectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // Several nodes on PostgreSQL: the gate above is per process, so the refresh also holds a database lock per
            // connection until its token is stored; a node that waited re-reads the connection below and finds it fresh.
            await using var shared = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct) : null;
            if (shared is not null)
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [NodeLocks.TokenRefreshSpace, connectionId], ct);
            var connection = await db.Connections.SingleAsync(c => c.Id == connectionId, ct);
            var secrets = vault.Unprotect(connection)
                ?? throw new AtsException(connection.Kind, AtsFailureKind.Auth, "The connection's credentials are missing; reconnect it.");
            // Another caller may have refreshed while we waited.
            if (!force && !NeedsRefresh(connection)) return secrets;
            if (force && unlessRefreshedSince is { } seen && connection.AccessTokenExpiresAt != seen) return secrets;
            var oauth = providers.Get(connection.Kind).OAuth
                ?? throw new InvalidOperationException($"{connection.Kind} does not use OAuth.");
            if (secrets.RefreshToken is null)
                throw new AtsException(connection.Kind, AtsFailureKind.Auth, "The connection has no refresh token; reconnect it.");

            AtsTokenSet tokens;
            try
            {
                tokens = await oauth.RefreshAsync(secrets.RefreshToken, connection.Environment, ct);
            }
            catch (AtsException e) when (e.Kind == AtsFailureKind.Auth)
            {
                // Another node may have rotated the token a moment ago: only a failure of the token still stored is final.
                await db.Entry(connection).ReloadAsync(ct);
                var current = vault.Unprotect(connection);
                if (current?.RefreshToken is { } stored && stored != secrets.RefreshToken) return current;
                throw;
            }
            secrets.AccessToken = tokens.AccessToken;
            secrets.RefreshToken = tokens.RefreshToken ?? secrets.RefreshToken;
            vault.Store(connection, secrets);
            connection.AccessTokenExpiresAt = tokens.ExpiresAt;
            connection.LastUsedAt = clock.GetUtcNow();
            connection.Version = Guid.NewGuid();
            if (shared is not null)
            {
                // A targeted update: the rotated refresh token is written whatever else changed on the row meanwhile.
                await db.Connections.Where(c => c.Id == connectionId).ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.SecretsCiphertext, connection.SecretsCiphertext)
                    .SetProperty(c => c.SecretHint, connection.SecretHint)
                    .SetProperty(c => c.AccessTokenExpiresAt, connection.AccessTokenExpiresAt)
                    .SetProperty(c => c.LastUsedAt, connection.LastUsedAt)
                    .SetProperty(c => c.Version, connection.Version), CancellationToken.None);
                await shared.CommitAsync(CancellationToken.None);
            }
            else
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            log.LogInformation("Refreshed the access token of connection {ConnectionId}", connectionId);
            return secrets;
        }
        finally
        {
            gate.Release();
        }
    }
}
