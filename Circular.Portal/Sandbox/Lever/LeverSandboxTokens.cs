using System.Security.Cryptography;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Lever;

internal sealed record LeverAccessGrant(string AccountId, string Environment, IReadOnlySet<string> Scopes, DateTimeOffset ExpiresAt, string Family);

internal sealed record LeverCodeGrant(string AccountId, string UserId, string Environment, string ClientId, string RedirectUri, string Scopes, DateTimeOffset ExpiresAt);

/// <summary>
/// Codes, access and refresh tokens, as Lever's Auth0 tenants issue them: access tokens are JWT-shaped with a scope claim and an
/// audience per environment; refresh tokens rotate, and presenting a used one revokes its whole family (reuse detection).
/// Refresh requests are counted, and one may be held in flight, for tests of refresh races between portal nodes.
/// </summary>
internal sealed class LeverSandboxTokens(TimeProvider clock)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromHours(1);

    private readonly object _lock = new();
    private readonly Dictionary<string, LeverAccessGrant> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (LeverAccessGrant Grant, bool Used)> _refresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeverCodeGrant> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedFamilies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastRefreshIssued = new(StringComparer.Ordinal);
    private int _refreshRequests;
    private SandboxHold? _refreshHold;

    /// <summary>Refresh-token grants asked of the token endpoint (valid or not), since the emulator started.</summary>
    public int RefreshRequests => Volatile.Read(ref _refreshRequests);

    /// <summary>The refresh token most recently issued for the account (by a code or a refresh grant).</summary>
    public string? LastRefreshIssued(string accountId)
    {
        lock (_lock) return _lastRefreshIssued.GetValueOrDefault(accountId);
    }

    /// <summary>The next refresh request waits at the token endpoint until the hold is released.</summary>
    public SandboxHold HoldNextRefresh()
    {
        var hold = new SandboxHold();
        lock (_lock) _refreshHold = hold;
        return hold;
    }

    /// <summary>Counts a refresh request as it arrives, and holds it when a test asked to.</summary>
    public async Task RefreshRequestedAsync(CancellationToken callerGone)
    {
        Interlocked.Increment(ref _refreshRequests);
        SandboxHold? hold;
        lock (_lock)
        {
            hold = _refreshHold;
            _refreshHold = null;
        }
        if (hold is not null) await hold.HoldAsync(callerGone);
    }

    /// <summary>A long-lived token for demo accounts and tests, shown on the console.</summary>
    public void AddFixed(string token, string accountId, string environment, IEnumerable<string> scopes)
    {
        lock (_lock) _access[token] = new LeverAccessGrant(accountId, environment, scopes.ToHashSet(), DateTimeOffset.MaxValue, Random("fam"));
    }

    public LeverAccessGrant? Access(string token, string environment)
    {
        lock (_lock)
        {
            return _access.TryGetValue(token, out var grant) && grant.Environment == environment
                && grant.ExpiresAt > clock.GetUtcNow() && !_revokedFamilies.Contains(grant.Family) ? grant : null;
        }
    }

    public string IssueCode(LeverCodeGrant grant)
    {
        var code = Random("code");
        lock (_lock) _codes[code] = grant;
        return code;
    }

    /// <summary>Codes are single use: the first redemption removes it, whatever its outcome.</summary>
    public LeverCodeGrant? RedeemCode(string code)
    {
        lock (_lock)
        {
            if (!_codes.Remove(code, out var grant)) return null;
            return grant.ExpiresAt > clock.GetUtcNow() ? grant : null;
        }
    }

    public (string Access, string? Refresh, LeverAccessGrant Grant) Issue(string accountId, string environment, string audience, IReadOnlySet<string> scopes, string? family = null)
    {
        var grant = new LeverAccessGrant(accountId, environment, scopes, clock.GetUtcNow() + AccessLifetime, family ?? Random("fam"));
        var access = Jwt(grant, audience);
        string? refresh = scopes.Contains("offline_access") ? Random("rt") : null;
        lock (_lock)
        {
            _access[access] = grant;
            if (refresh is not null)
            {
                _refresh[refresh] = (grant, false);
                _lastRefreshIssued[accountId] = refresh;
            }
        }
        return (access, refresh, grant);
    }

    /// <summary>Uses a refresh token once. Null when unknown, revoked, of another environment, or reused (which also revokes its family).</summary>
    public LeverAccessGrant? UseRefresh(string token, string environment)
    {
        lock (_lock)
        {
            if (!_refresh.TryGetValue(token, out var entry) || entry.Grant.Environment != environment) return null;
            if (entry.Used || _revokedFamilies.Contains(entry.Grant.Family))
            {
                _revokedFamilies.Add(entry.Grant.Family);
                return null;
            }
            _refresh[token] = (entry.Grant, true);
            return entry.Grant;
        }
    }

    public void Revoke(string token)
    {
        lock (_lock)
        {
            if (_refresh.TryGetValue(token, out var entry)) _revokedFamilies.Add(entry.Grant.Family);
            else if (_access.TryGetValue(token, out var grant)) _revokedFamilies.Add(grant.Family);
        }
    }

    /// <summary>Unsigned but JWT-shaped, so a client reading the scope claim sees what Lever would tell it.</summary>
    private static string Jwt(LeverAccessGrant grant, string audience)
    {
        static string B64(object o) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(o)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(new { alg = "RS256", typ = "JWT", kid = "sandbox-" + grant.Environment });
        var payload = B64(new
        {
            iss = "lever-sandbox-" + grant.Environment,
            sub = grant.AccountId,
            aud = audience,
            scope = string.Join(' ', grant.Scopes),
            exp = grant.ExpiresAt.ToUnixTimeSeconds(),
            jti = Random("jti"),
        });
        return $"{header}.{payload}.{Random("sig")}";
    }

    private static string Random(string prefix) =>
        prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
