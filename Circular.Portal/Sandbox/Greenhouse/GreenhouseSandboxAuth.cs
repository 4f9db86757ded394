using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>What a consent granted: which organization, as which user, with which scopes, to which partner client.</summary>
internal sealed record SandboxGrant(string AccountId, long UserId, string ClientId, IReadOnlyList<string> Scopes);

internal sealed record SandboxTokenPair(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>
/// Partner OAuth as Greenhouse describes it: codes live 60 s and work once, access tokens 1 h, refresh tokens 24 h and
/// single-use (each refresh rotates the pair; a reused one is invalid_grant).
/// </summary>
internal sealed class GreenhouseSandboxAuth(TimeProvider clock)
{
    public const string ClientId = "circular-sandbox-client";
    public const string ClientSecret = "circular-sandbox-secret";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromHours(24);

    /// <summary>Scopes registered for the sandbox client: every Harvest scope Circular may ask for.</summary>
    public static readonly IReadOnlySet<string> ClientScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "harvest:jobs:list", "harvest:job_posts:list", "harvest:departments:list", "harvest:offices:list",
        "harvest:job_interview_stages:list", "harvest:candidates:list", "harvest:candidates:create", "harvest:applications:list",
        "harvest:applications:create", "harvest:applications:move", "harvest:applications:reject", "harvest:applications:hire",
        "harvest:attachments:list", "harvest:attachments:create", "harvest:candidate_tags:list", "harvest:candidate_tags:create",
        "harvest:applied_candidate_tags:list", "harvest:applied_candidate_tags:create", "harvest:notes:list", "harvest:notes:create",
        "harvest:rejection_details:list", "harvest:rejection_reasons:list", "harvest:sources:list", "harvest:users:list",
    };

    private readonly ConcurrentDictionary<string, Issued> _codes = new();
    private readonly ConcurrentDictionary<string, Issued> _access = new();
    private readonly ConcurrentDictionary<string, Issued> _refresh = new();

    public static bool IsClient(string? id, string? secret) =>
        id == ClientId && secret is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(ClientSecret));

    public string IssueCode(SandboxGrant grant, string redirectUri)
    {
        var code = NewToken("ghc_");
        _codes[code] = new Issued(grant, clock.GetUtcNow() + CodeLifetime, redirectUri);
        return code;
    }

    /// <summary>Null when the code is unknown, expired, used, for another client or another redirect URI.</summary>
    public SandboxTokenPair? Exchange(string code, string clientId, string? redirectUri)
    {
        if (!_codes.TryRemove(code, out var issued) || issued.ExpiresAt < clock.GetUtcNow()) return null;
        if (issued.Grant.ClientId != clientId || (redirectUri is not null && redirectUri != issued.RedirectUri)) return null;
        return Issue(issued.Grant);
    }

    /// <summary>Single use: the first caller wins the removal, a second caller with the same token gets null.</summary>
    public SandboxTokenPair? Refresh(string refreshToken, string clientId, Func<SandboxGrant, bool> stillAuthorized)
    {
        if (!_refresh.TryRemove(refreshToken, out var issued) || issued.ExpiresAt < clock.GetUtcNow()) return null;
        if (issued.Grant.ClientId != clientId || !stillAuthorized(issued.Grant)) return null;
        return Issue(issued.Grant);
    }

    public SandboxTokenPair Issue(SandboxGrant grant)
    {
        var now = clock.GetUtcNow();
        var pair = new SandboxTokenPair(NewToken("ghat_"), NewToken("ghrt_"), now + AccessLifetime);
        _access[pair.AccessToken] = new Issued(grant, pair.ExpiresAt, null);
        _refresh[pair.RefreshToken] = new Issued(grant, now + RefreshLifetime, null);
        return pair;
    }

    /// <summary>A fixed, non-expiring demo token so a newcomer can call the API with curl.</summary>
    public void AddFixedAccessToken(string token, SandboxGrant grant) => _access[token] = new Issued(grant, DateTimeOffset.MaxValue, null);

    public SandboxGrant? Resolve(string? accessToken) =>
        accessToken is not null && _access.TryGetValue(accessToken, out var issued) && issued.ExpiresAt > clock.GetUtcNow() ? issued.Grant : null;

    public void Revoke(string token)
    {
        _access.TryRemove(token, out _);
        _refresh.TryRemove(token, out _);
    }

    private static string NewToken(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private sealed record Issued(SandboxGrant Grant, DateTimeOffset ExpiresAt, string? RedirectUri);
}
