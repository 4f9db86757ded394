using System.Security.Cryptography;

namespace Circular.Portal.Sandbox;

/// <summary>
/// A vendor whose webhooks an administrator sets up by hand in its settings (Greenhouse, Teamtailor, Recruitee): the
/// console plays that settings page, so the portal's manual set-up can be tried end to end.
/// </summary>
public interface ISandboxWebhookSettings
{
    /// <summary>True where the administrator types the secret (Greenhouse, Recruitee); false where the vendor makes a key and shows it (Teamtailor).</summary>
    bool AdminTypesSecret { get; }

    /// <summary>The webhook configured for the account, or null.</summary>
    SandboxWebhookView? Webhook(string accountId);

    /// <summary>Saves the URL (and the typed secret) as the vendor's settings page does; returns what that page then shows.</summary>
    /// <exception cref="ArgumentException">No secret where the vendor needs one typed.</exception>
    SandboxWebhookView SaveWebhook(string accountId, Uri url, string? secret);
}

/// <param name="Key">The secret or signature key the deliveries are signed with.</param>
public sealed record SandboxWebhookView(Uri Url, string Key)
{
    /// <summary>A key as a vendor would generate one.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string RequireTyped(string? secret) =>
        string.IsNullOrWhiteSpace(secret) ? throw new ArgumentException("Enter the secret key.", nameof(secret)) : secret.Trim();
}

/// <summary>Which console buttons make sense for a record, by the vendor's own state word.</summary>
public static class SandboxRecordStates
{
    private static readonly string[] ClosedWords = ["closed", "archived"];

    /// <summary>Move, Reject and Hire are for candidates still in the process (not hired, rejected, withdrawn or archived).</summary>
    public static bool CandidateIsActive(string status) => status.StartsWith("active", StringComparison.OrdinalIgnoreCase);

    /// <summary>Close is for an open, draft or unlisted job; Reopen for a closed or archived one.</summary>
    public static bool JobIsClosed(string status) => ClosedWords.Any(w => status.Equals(w, StringComparison.OrdinalIgnoreCase));
}
