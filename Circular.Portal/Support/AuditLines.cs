using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Support;

/// <summary>One audit row as a person reads it: names instead of ids, and what happened in a sentence.</summary>
public sealed record AuditLine(long Id, DateTimeOffset At, string Who, string What, string? Target, AuditOutcome Outcome, string? Detail,
    string? SessionId, string Action, int? CompanyId);

/// <summary>Reads audit rows and words them: "Circular support viewed your account (reason: …)".</summary>
public static class AuditLines
{
    public static async Task<IReadOnlyList<AuditLine>> ReadAsync(PortalDbContext db, IQueryable<AuditEntry> query, CancellationToken ct, int max = 200)
    {
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Math.Clamp(max, 1, 1000)).ToListAsync(ct);
        var ids = rows.SelectMany(r => new[] { r.RealUserId, r.EffectiveUserId }).Where(id => id is not null).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email }).ToDictionaryAsync(u => u.Id, u => u.Name ?? u.Id, ct);
        return rows.Select(r => new AuditLine(r.Id, r.At, Who(r, names), What(r), r.Target, r.Outcome, r.Detail, r.ImpersonationSessionId, r.Action, r.CompanyId)).ToList();
    }

    private static string Who(AuditEntry r, IReadOnlyDictionary<string, string> names)
    {
        string Name(string? id) => id is null ? "the system" : names.GetValueOrDefault(id, "a removed user");
        if (r.ImpersonationSessionId is not null && r.RealUserId != r.EffectiveUserId && r.EffectiveUserId is not null)
        {
            return $"Circular support ({Name(r.RealUserId)}) as {Name(r.EffectiveUserId)}";
        }
        return Name(r.RealUserId ?? r.EffectiveUserId);
    }

    public static string What(AuditEntry r) => r.Action switch
    {
        "Impersonation.Started" => $"Circular support viewed your account (reason: {r.Detail})",
        "Impersonation.Elevated" => $"Circular support switched to making changes (reason: {r.Detail})",
        "Impersonation.Stopped" => "Circular support stopped viewing your account",
        "Impersonation.Expired" => "Circular support's view of your account ended by itself",
        "Impersonation.Start" => "Circular support was refused access to your account",
        "Cv.Downloaded" => "Downloaded a CV",
        "WebhookSecret.Shown" => "Showed the webhook secret",
        "WebhookSecret.Rotated" => "Rotated the webhook secret",
        "SupportAccess.Changed" => "Changed support access",
        _ when r.Outcome == AuditOutcome.Refused => $"Refused: {r.Action}",
        _ => r.Action,
    };
}
