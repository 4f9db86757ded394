using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Jobs;

/// <summary>
/// After each sync, compares every link of the connection with what sync now knows of its ATS job: closed, gone from
/// the vendor's listing, or renamed since it was linked. A link whose health changed is updated (without touching its
/// <see cref="JobLink.Version"/>, so an admin's open board does not go stale), and the admins are told once, in one
/// notification, about the problems that are new; a problem that persists is not repeated on every sync.
/// </summary>
public sealed class MappingHealthCheck(IDbContextFactory<PortalDbContext> dbFactory, Notifier notifier, TimeProvider clock, ILogger<MappingHealthCheck> log)
{
    public async Task<int> CheckAsync(AtsConnection connection, string vendor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.JobLinks.Where(l => l.ConnectionId == connection.Id)
            .Select(l => new { Link = l, JobTitle = l.Job!.Title, Ats = new { l.AtsJob!.Title, l.AtsJob.Status, l.AtsJob.MissingSince } })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var news = new List<string>();
        foreach (var row in rows)
        {
            var (health, notice) = Assess(vendor, row.JobTitle, row.Link.TitleAtLink, row.Ats.Title, row.Ats.Status, row.Ats.MissingSince is not null);
            if (health == row.Link.Health && notice == row.Link.HealthNotice) continue;
            if (health != LinkHealth.Healthy && health != row.Link.Health) news.Add(notice!);
            row.Link.Health = health;
            row.Link.HealthNotice = notice;
            row.Link.HealthSince = health == LinkHealth.Healthy ? null : now;
        }
        // The notification (and its emails) commit with the health they report, or neither does.
        if (news.Count > 0) await NotifyAsync(db, connection, vendor, news, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An admin relinked meanwhile; the next sync assesses the new link.
            log.LogInformation("A link of connection {ConnectionId} changed during the health check; it is checked again next sync", connection.Id);
            return 0;
        }
        return news.Count;
    }

    /// <summary>The health of one link, and the sentence an admin reads on the board and in the notification.</summary>
    public static (LinkHealth Health, string? Notice) Assess(string vendor, string jobTitle, string? titleAtLink, string atsTitle, Providers.AtsJobStatus status, bool missing)
    {
        if (missing)
        {
            return (LinkHealth.DeletedInAts, $"\"{titleAtLink ?? atsTitle}\" no longer exists in {vendor}. Candidates for {ForJob(jobTitle, titleAtLink ?? atsTitle)} are held until you link it to another {vendor} job.");
        }
        if (status == Providers.AtsJobStatus.Closed)
        {
            return (LinkHealth.ClosedInAts, $"\"{atsTitle}\" was closed in {vendor}. Candidates for {ForJob(jobTitle, atsTitle)} are held until it reopens or you link another job.");
        }
        if (titleAtLink is not null && titleAtLink != atsTitle)
        {
            return (LinkHealth.RenamedInAts, $"\"{titleAtLink}\" was renamed to \"{atsTitle}\" in {vendor}. Candidates for {ForJob(jobTitle, titleAtLink, atsTitle)} still go there; link it again to confirm, or pick another job.");
        }
        return (LinkHealth.Healthy, null);
    }

    /// <summary>"it" when the Circular job has the title the sentence just named, so the message does not say it twice.</summary>
    private static string ForJob(string jobTitle, params string?[] named) =>
        named.Contains(jobTitle) ? "it" : $"\"{jobTitle}\"";

    private Task NotifyAsync(PortalDbContext db, AtsConnection connection, string vendor, List<string> news, CancellationToken ct)
    {
        var title = news.Count == 1 ? $"{vendor}: a mapped job changed" : $"{vendor}: {news.Count} mapped jobs changed";
        const int listed = 10;
        var body = string.Join("\n", news.Take(listed).Select(n => "• " + n))
                   + (news.Count > listed ? $"\n…and {news.Count - listed} more on the mapping board." : "");
        return notifier.AddForAdminsAsync(db, connection.CompanyId, title, body,
            $"/integrations/{connection.Kind.ToString().ToLowerInvariant()}/jobs?tab=map", NotificationLevel.Warning, sendEmail: true, ct);
    }
}
