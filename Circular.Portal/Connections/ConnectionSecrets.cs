namespace Circular.Portal.Connections;

/// <summary>What the vault encrypts for one connection. Never logged: <see cref="ToString"/> says nothing of the values.</summary>
public sealed class ConnectionSecrets
{
    public string? ApiToken { get; set; }
    public string? AccessToken { get; set; }
    public string? RefreshToken { get; set; }
    public string? WebhookSecret { get; set; }

    public override string ToString() => "ConnectionSecrets { redacted }";

    /// <summary>The last four characters of the main credential, for "…abcd" in the UI.</summary>
    public string? Hint()
    {
        var main = ApiToken ?? RefreshToken ?? AccessToken;
        return main is { Length: >= 8 } ? main[^4..] : null;
    }
}
