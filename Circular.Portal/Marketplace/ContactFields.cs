using System.Text.RegularExpressions;

namespace Circular.Portal.Marketplace;

/// <summary>
/// The rules for a candidate's contact fields as the platform sends them. An email is one bare address (no display
/// name, no line breaks that could add mail headers); a LinkedIn profile is stored in one form,
/// <c>https://www.linkedin.com/in/{name}</c>, so the page and every ATS get a link that can only go to LinkedIn.
/// </summary>
public static partial class ContactFields
{
    public const string LinkedInProfileBase = "https://www.linkedin.com/in/";

    /// <summary>
    /// A bare address <c>local@domain.tld</c>: no spaces, CR/LF or control characters, no &lt;&gt;, quotes, commas or
    /// semicolons. Spaces around it are allowed (the intake trims them); CR/LF never, not even at the ends.
    /// </summary>
    public static bool IsBareEmail(string? email) =>
        email?.Trim(' ') is { Length: > 0 and <= 254 } bare && BareEmail().IsMatch(bare);

    /// <summary>
    /// The profile as <c>https://www.linkedin.com/in/{name}</c>, or null when the address is not a plain LinkedIn profile:
    /// not https, credentials or a port in it, another host, a redirector (<c>/redir</c>, <c>/slink</c>, <c>lnkd.in</c>) or
    /// any path other than <c>/in/{name}</c>. Query and fragment (tracking parameters) are dropped.
    /// </summary>
    public static string? NormaliseLinkedIn(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var trimmed = url.Trim();
        if (trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')) return null;
        if (!trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return null;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return null;
        // "user:pass@" and ":8443" are refused outright, not dropped: a LinkedIn address never carries them.
        var authority = trimmed["https://".Length..].Split('/', '?', '#')[0];
        if (authority.Contains('@') || authority.Contains(':') || !string.IsNullOrEmpty(uri.UserInfo) || !uri.IsDefaultPort) return null;
        var host = uri.IdnHost.ToLowerInvariant();
        if (host != "linkedin.com" && !LinkedInSubdomain().IsMatch(host)) return null;
        var match = ProfilePath().Match(uri.AbsolutePath);
        if (!match.Success) return null;
        return LinkedInProfileBase + match.Groups["name"].Value;
    }

    // Country and mobile hosts (uk., de., m.) and www; not "linkedin.com.evil.example".
    [GeneratedRegex(@"^([a-z]{2}|www|m)\.linkedin\.com$")]
    private static partial Regex LinkedInSubdomain();

    // A public profile name: letters, digits, hyphens, underscores and percent-encoded letters, with an optional trailing slash.
    [GeneratedRegex(@"^/in/(?<name>[A-Za-z0-9\-_%]{3,100})/?$")]
    private static partial Regex ProfilePath();

    [GeneratedRegex(@"^[^\s@<>()\[\],;:""\\\p{C}]+@[^\s@<>()\[\],;:""\\\p{C}]+\.[^\s@<>()\[\],;:""\\\p{C}.]+$")]
    private static partial Regex BareEmail();
}
