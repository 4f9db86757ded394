using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Components;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Connections;

/// <summary>
/// The portal's half of the OAuth 2.0 authorization-code flow (Lever, Greenhouse): a single-use, expiring state bound
/// to the admin who started it; the code exchanged server-side; the granted scopes checked; and only then a connection.
/// Denied consent, a wrong state, an expired code and missing scopes each end in a clear message and no half-made connection.
/// </summary>
public sealed class OAuthFlow(
    IDbContextFactory<PortalDbContext> dbFactory,
    TenantContext tenant,
    AtsProviders providers,
    ConnectionLifecycle lifecycle,
    PortalUrls urls,
    TimeProvider clock,
    Data.Audit.Auditor auditor,
    ILogger<OAuthFlow> log)
{
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Where to send the admin's browser: the vendor's consent page.</summary>
    public async Task<Uri> BeginAsync(AtsKind kind, string? environment, string userId, Uri requestBase, CancellationToken ct)
    {
        await auditor.DemandAsync(Data.Audit.ForbiddenWhileImpersonating.ConnectOrDisconnect, "Connection.Connect", kind.ToString(), ct);
        var provider = providers.Get(kind);
        var oauth = provider.OAuth ?? throw new InvalidOperationException($"{kind} does not connect by OAuth.");
        if (provider.Traits.Environments.Count > 0 && (environment is null || !provider.Traits.Environments.Contains(environment)))
            throw new ArgumentException($"Choose one of: {string.Join(", ", provider.Traits.Environments)}.", nameof(environment));
        var companyId = tenant.CompanyId ?? throw new InvalidOperationException("Connecting needs a company in scope.");
        var state = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OAuthStates.Add(new OAuthState
        {
            CompanyId = companyId, StateHash = Hash(state), UserId = userId, Kind = kind, Environment = environment,
            ExpiresAt = clock.GetUtcNow() + StateLifetime,
        });
        await db.SaveChangesAsync(ct);
        return oauth.BuildAuthorizeUrl(state, urls.OAuthCallback(requestBase), environment);
    }

    /// <summary>Handles the vendor's redirect back. The outcome's message is shown to the admin on the integrations page.</summary>
    public async Task<(AtsKind? Kind, ConnectOutcome Outcome)> CompleteAsync(
        string? state, string? code, string? error, string userId, Uri requestBase, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state))
            return (null, ConnectOutcome.Failed("The sign-in came back without its security check (state). Start again from ATS Integration."));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = Hash(state);
        var pending = await db.OAuthStates.SingleOrDefaultAsync(s => s.StateHash == hash, ct);
        if (pending is null || pending.UserId != userId || pending.UsedAt is not null)
            return (null, ConnectOutcome.Failed("That sign-in link is not valid (wrong or reused state). Start again from ATS Integration."));
        // Single use: spend the state before anything else can fail.
        pending.UsedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        var provider = providers.Get(pending.Kind);
        var vendor = provider.Traits.DisplayName;
        if (pending.ExpiresAt < clock.GetUtcNow())
            return (pending.Kind, ConnectOutcome.Failed($"The {vendor} sign-in took too long and expired. Start again."));
        if (!string.IsNullOrEmpty(error))
        {
            return (pending.Kind, ConnectOutcome.Failed(error == "access_denied"
                ? $"Access was not granted in {vendor}, so nothing was connected. Start again and choose Approve when {vendor} asks."
                : $"{vendor} did not complete the sign-in ({error}). Nothing was connected."));
        }
        if (string.IsNullOrEmpty(code))
            return (pending.Kind, ConnectOutcome.Failed($"{vendor} sent no authorization code back. Nothing was connected."));

        var oauth = provider.OAuth!;
        AtsTokenSet tokens;
        try
        {
            tokens = await oauth.ExchangeCodeAsync(code, urls.OAuthCallback(requestBase), pending.Environment, ct);
        }
        catch (AtsException e)
        {
            return (pending.Kind, e.Kind == AtsFailureKind.Auth
                ? ConnectOutcome.Failed($"{vendor} refused the authorization code (it may have expired). Start again.")
                : ConnectOutcome.From(e, vendor));
        }

        var missing = oauth.RequiredScopes.Except(tokens.Scopes, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            await RevokeQuietlyAsync(oauth, tokens, pending.Environment, ct);
            return (pending.Kind, ConnectOutcome.Failed(
                $"{vendor} did not grant every permission the portal needs (missing: {Words.List(missing, ", ")}). Ask an administrator of your {vendor} account to approve all of them."));
        }

        var verified = await lifecycle.VerifyAsync(pending.Kind, new AtsCredentials { AccessToken = tokens.AccessToken, Environment = pending.Environment }, ct);
        if (!verified.Succeeded)
        {
            await RevokeQuietlyAsync(oauth, tokens, pending.Environment, ct);
            return (pending.Kind, verified);
        }
        var secrets = new ConnectionSecrets { AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken };
        var saved = await lifecycle.SaveAsync(new PendingConnection(pending.Kind, verified.Account!, secrets, null, pending.Environment,
            tokens.ExpiresAt, tokens.Scopes, null), requestBase, ct);
        return (pending.Kind, saved);
    }

    private async Task RevokeQuietlyAsync(IAtsOAuth oauth, AtsTokenSet tokens, string? environment, CancellationToken ct)
    {
        try
        {
            await oauth.RevokeAsync(tokens.RefreshToken ?? tokens.AccessToken, environment, ct);
        }
        catch (AtsException e)
        {
            log.LogWarning("Revoking tokens of an abandoned OAuth connection failed ({Kind})", e.Kind);
        }
    }

    private static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
}
