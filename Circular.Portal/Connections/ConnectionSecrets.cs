namespace Circular.Portal.Connections;

/// <summary>What the vault encrypts for one connection. Never logged: <see cref="ToString"/> says nothing of the values.</summary>
public sealed class ConnectionSecrets
{
    public string? ApiToken { get; set; }
    public string? AccessToken { get; set; }
    public string? RefreshToken { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>The webhook secret before the last rotation, still accepted until <see cref="PreviousWebhookSecretUntil"/>.</summary>
    public string? PreviousWebhookSecret { get; set; }
    public DateTimeOffset? PreviousWebhookSecretUntil { get; set; }

    public override string ToString() => "ConnectionSecrets { redacted }";

    /// <summary>
    /// Replaces the webhook secret and keeps the old one valid until <paramref name="graceUntil"/>, so deliveries the vendor
    /// signed (or retries) with it are still accepted while the admin pastes the new one at the vendor.
    /// </summary>
    public void ReplaceWebhookSecret(string secret, DateTimeOffset graceUntil)
    {
        if (WebhookSecret is { } old && old != secret)
        {
            PreviousWebhookSecret = old;
            PreviousWebhookSecretUntil = graceUntil;
        }
        WebhookSecret = secret;
    }

    /// <summary>The secrets a delivery may be signed with at <paramref name="now"/>: the current one, then the previous one within its grace window.</summary>
    public IReadOnlyList<string> WebhookSecretsAcceptedAt(DateTimeOffset now)
    {
        var accepted = new List<string>(2);
        if (WebhookSecret is { Length: > 0 } current) accepted.Add(current);
        if (PreviousWebhookSecret is { Length: > 0 } previous && PreviousWebhookSecretUntil > now) accepted.Add(previous);
        return accepted;
    }

    /// <summary>The last four characters of the main credential, for "…abcd" in the UI.</summary>
    public string? Hint()
    {
        var main = ApiToken ?? RefreshToken ?? AccessToken;
        return main is { Length: >= 8 } ? main[^4..] : null;
    }
}
