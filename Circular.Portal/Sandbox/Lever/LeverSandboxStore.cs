using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox.Lever;

/// <summary>The emulator's whole memory: accounts by id, and the auth server's tokens.</summary>
internal sealed class LeverSandboxStore(TimeProvider clock)
{
    public const string ClientId = "circular-sandbox-client";
    public const string ClientSecret = "circular-sandbox-secret";

    public static readonly IReadOnlyDictionary<string, string> Audiences = new Dictionary<string, string>
    {
        ["production"] = "https://api.lever.co/v1/",
        ["sandbox"] = "https://api.sandbox.lever.co/v1/",
    };

    public static readonly IReadOnlyList<string> AllScopes =
    [
        "offline_access", "postings:read:admin", "opportunities:write:admin", "stages:read:admin", "archive_reasons:read:admin",
        "tags:read:admin", "sources:read:admin", "users:read:admin", "files:write:admin", "resumes:read:admin", "notes:write:admin", "webhooks:write:admin",
        "webhooks:read:admin", "confidential:access:admin",
    ];

    public ConcurrentDictionary<string, LeverSandboxAccountState> Accounts { get; } = new(StringComparer.Ordinal);

    public LeverSandboxTokens Tokens { get; } = new(clock);

    public TimeProvider Clock => clock;

    public long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public LeverSandboxAccountState Account(string accountId) =>
        Accounts.TryGetValue(accountId, out var account) ? account : throw new KeyNotFoundException($"No Lever sandbox account {accountId}.");
}
