namespace Circular.Portal.Providers.Lever;

/// <summary>
/// Bound from <c>Ats:Lever</c>. Lever runs two separate environments (a customer's production account and its sandbox
/// account), each with its own auth server, API host and token audience; a token of one is refused by the other.
/// The admin only picks the environment; the URLs are ours.
/// </summary>
public sealed class LeverOptions
{
    public const string Production = "production";
    public const string Sandbox = "sandbox";

    public string BaseUrl { get; set; } = "https://api.lever.co/v1";
    public string SandboxBaseUrl { get; set; } = "https://api.sandbox.lever.co/v1";

    /// <summary>The auth server root; /authorize, /oauth/token and /oauth/revoke sit below it.</summary>
    public string AuthUrl { get; set; } = "https://auth.lever.co";
    public string SandboxAuthUrl { get; set; } = "https://sandbox-lever.auth0.com";

    /// <summary>Lever refuses consent for anything but offline_access when the audience is missing or lacks its trailing slash.</summary>
    public string Audience { get; set; } = "https://api.lever.co/v1/";
    public string SandboxAudience { get; set; } = "https://api.sandbox.lever.co/v1/";

    /// <summary>Issued by Lever's partner team, one pair per environment in practice; the sandbox pair falls back to the production one.</summary>
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string? SandboxClientId { get; set; }
    public string? SandboxClientSecret { get; set; }

    /// <summary>Lever allows 1 to 100 per page.</summary>
    public int PageSize { get; set; } = 100;

    internal LeverEnvironment For(string? environment)
    {
        var sandbox = string.Equals(environment, Sandbox, StringComparison.OrdinalIgnoreCase);
        if (!sandbox && !string.IsNullOrEmpty(environment) && !string.Equals(environment, Production, StringComparison.OrdinalIgnoreCase))
        {
            throw new AtsException(AtsKind.Lever, AtsFailureKind.Permanent,
                "Lever environment must be \"production\" or \"sandbox\"; the connection names another one.");
        }
        return sandbox
            ? new LeverEnvironment(Sandbox, SandboxBaseUrl, SandboxAuthUrl, SandboxAudience,
                SandboxClientId ?? ClientId, SandboxClientSecret ?? ClientSecret)
            : new LeverEnvironment(Production, BaseUrl, AuthUrl, Audience, ClientId, ClientSecret);
    }
}

internal sealed record LeverEnvironment(string Name, string BaseUrl, string AuthUrl, string Audience, string ClientId, string ClientSecret)
{
    public override string ToString() => $"LeverEnvironment {{ Name = {Name}, BaseUrl = {BaseUrl} }}";
}
