using System.Globalization;
using System.Security.Claims;

namespace Circular.Portal.Accounts;

/// <summary>What an impersonation cookie carries besides the effective user's own claims.</summary>
public sealed record ImpersonationTicket(string RealUserId, string RealUserName, string SessionId, DateTimeOffset EndsAt, bool Write, string Reason);

/// <summary>
/// The claims that make a cookie an impersonation (RFC 8693 §4.1 style): <c>act</c> names the support user, the rest the
/// session. The principal's own user id, roles and company are the effective (company admin) user's.
/// </summary>
public static class ImpersonationClaims
{
    public const string Actor = "act";
    public const string ActorName = "circular:act_name";
    public const string SessionId = "circular:imp_sid";
    public const string EndsAt = "circular:imp_exp";
    public const string Mode = "circular:imp_mode";
    public const string Reason = "circular:imp_reason";

    private static readonly string[] All = [Actor, ActorName, SessionId, EndsAt, Mode, Reason];

    public static ImpersonationTicket? Read(ClaimsPrincipal? principal)
    {
        var act = principal?.FindFirst(Actor)?.Value;
        if (principal is null || string.IsNullOrEmpty(act)) return null;
        var ends = long.TryParse(principal.FindFirst(EndsAt)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix)
            ? DateTimeOffset.FromUnixTimeSeconds(unix) : DateTimeOffset.MinValue;
        return new ImpersonationTicket(act, principal.FindFirst(ActorName)?.Value ?? "Circular support",
            principal.FindFirst(SessionId)?.Value ?? "", ends, principal.FindFirst(Mode)?.Value == "write", principal.FindFirst(Reason)?.Value ?? "");
    }

    /// <summary>Adds the ticket to an identity built for the effective user.</summary>
    public static void Add(ClaimsIdentity identity, ImpersonationTicket ticket)
    {
        foreach (var claim in identity.Claims.Where(c => All.Contains(c.Type)).ToList()) identity.RemoveClaim(claim);
        identity.AddClaim(new Claim(Actor, ticket.RealUserId));
        identity.AddClaim(new Claim(ActorName, ticket.RealUserName));
        identity.AddClaim(new Claim(SessionId, ticket.SessionId));
        identity.AddClaim(new Claim(EndsAt, ticket.EndsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(Mode, ticket.Write ? "write" : "read"));
        identity.AddClaim(new Claim(Reason, ticket.Reason));
    }

    /// <summary>Copies the ticket onto a principal Identity rebuilt for the same user (the security stamp refresh).</summary>
    public static void CopyTo(ClaimsPrincipal from, ClaimsPrincipal to)
    {
        if (Read(from) is { } ticket && to.Identity is ClaimsIdentity identity) Add(identity, ticket);
    }
}
