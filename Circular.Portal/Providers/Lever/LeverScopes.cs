using System.Text;
using System.Text.Json;

namespace Circular.Portal.Providers.Lever;

/// <summary>The scopes the portal asks Lever for, and how to say each one to a company admin.</summary>
internal static class LeverScopes
{
    // Vendor docs: https://hire.lever.co/developer/documentation#scopes
    private static readonly (string Scope, string Words)[] Needed =
    [
        ("offline_access", "Stay connected without signing in again"),
        ("postings:read:admin", "Read job postings"),
        ("opportunities:write:admin", "Add and update candidates"),
        ("stages:read:admin", "Read pipeline stages"),
        ("archive_reasons:read:admin", "Read archive reasons, to tell hired from rejected"),
        ("tags:read:admin", "Read tags"),
        ("sources:read:admin", "Read sources"),
        ("users:read:admin", "List users, to choose who candidates are added as"),
        ("files:write:admin", "Attach CVs to candidates"),
        ("notes:write:admin", "Add notes to candidates"),
        ("webhooks:write:admin", "Manage webhooks, for instant status updates"),
    ];

    public static IReadOnlyList<string> Required { get; } = Needed.Select(n => n.Scope).ToArray();

    /// <summary>Read calls Verify makes; a 403 on one means the scope beside it was not granted.</summary>
    public static IReadOnlyList<(string Path, string Scope)> ReadProbes { get; } =
    [
        ("opportunities", "opportunities:write:admin"),
        ("stages", "stages:read:admin"),
        ("archive_reasons", "archive_reasons:read:admin"),
        ("webhooks", "webhooks:write:admin"),
    ];

    public static string Describe(string scope)
    {
        var words = Needed.FirstOrDefault(n => n.Scope == scope).Words ?? "Use the Lever API";
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
