using System.Text;
using System.Text.Json;

namespace Circular.Portal.Providers.Lever;

/// <summary>The scopes the portal asks Lever for, and how to say each one to a company admin.</summary>
internal static class LeverScopes
{
    // Vendor docs: https://hire.lever.co/developer/documentation#scopes
    // Only what the portal calls: postings (import), opportunities (push, status), archive reasons (hired or not), users
    // (acting user). Tags and sources are written through opportunities:write:admin; their read scopes are never needed.
    private static readonly (string Scope, string Words)[] Needed =
    [
        ("offline_access", "Stay connected without signing in again"),
        ("postings:read:admin", "Read job postings"),
        ("opportunities:write:admin", "Add and update candidates"),
        ("archive_reasons:read:admin", "Read archive reasons, to tell hired from rejected"),
        ("users:read:admin", "List users, to choose who candidates are added as"),
    ];

    /// <summary>Extras: the connection works without them, and the card says what is missing and what that costs.</summary>
    private static readonly (string Scope, string Words, string Cost)[] Extras =
    [
        ("notes:write:admin", "Add notes to candidates", "no notes on candidates"),
        ("files:write:admin", "Attach CVs to candidates", "a CV missing after an interrupted push is not added again"),
        ("resumes:read:admin", "Read candidates' CVs back", "the push cannot check that the CV arrived"),
        ("webhooks:write:admin", "Manage webhooks, for instant status updates", "status by polling only"),
        // Vendor docs: confidential postings are listed only with confidentiality=all and this scope.
        ("confidential:access:admin", "See confidential postings", "confidential postings are not listed"),
    ];

    public static IReadOnlyList<string> Required { get; } = Needed.Select(n => n.Scope).ToArray();

    public static IReadOnlyList<AtsOptionalScope> Optional { get; } = Extras.Select(e => new AtsOptionalScope(e.Scope, e.Cost)).ToArray();

    /// <summary>Everything asked for on the consent page: the required scopes, then the extras.</summary>
    public static IReadOnlyList<string> Requested { get; } = [.. Required, .. Extras.Select(e => e.Scope)];

    /// <summary>
    /// Read calls Verify makes; a 403 on one means the scope beside it was not granted. GET /webhooks is not among them:
    /// it needs webhooks:read:admin, which the portal does not ask for, and a missing webhook scope never blocks a connection.
    /// </summary>
    public static IReadOnlyList<(string Path, string Scope)> ReadProbes { get; } =
    [
        ("opportunities", "opportunities:write:admin"),
        ("archive_reasons", "archive_reasons:read:admin"),
    ];

    public static string Describe(string scope)
    {
        var words = Needed.FirstOrDefault(n => n.Scope == scope).Words ?? Extras.FirstOrDefault(e => e.Scope == scope).Words ?? "Use the Lever API";
        return $"{words} (Lever permission \"{scope}\"). A Lever Super Admin must reconnect and approve it.";
    }

    /// <summary>Granted scopes read from the token's JWT scope claim; empty when the token is opaque, so nothing is guessed.</summary>
    public static IReadOnlyList<string> MissingFromToken(string? accessToken)
    {
        var granted = GrantedScopes(accessToken);
        if (granted is null) return [];
        return Required
            .Where(s => s != "offline_access")
            .Where(s => !granted.Contains(s) && !(s.Contains(":read:") && granted.Contains(s.Replace(":read:", ":write:"))))
            .ToList();
    }

    private static HashSet<string>? GrantedScopes(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 }) return null;
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            if (doc.RootElement.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String)
            {
                return scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            }
            if (doc.RootElement.TryGetProperty("scp", out var scp) && scp.ValueKind == JsonValueKind.Array)
            {
                return scp.EnumerateArray().Select(s => s.GetString() ?? "").ToHashSet(StringComparer.Ordinal);
            }
            return null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
