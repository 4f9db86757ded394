using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Notifications;

/// <summary>
/// Tells a company's admins something: an in-app notification each (the bell updates live) and an email each.
/// A failed email is recorded on the notification and logged, never lost silently; the in-app one stands regardless.
/// </summary>
public sealed class Notifier(
    IDbContextFactory<PortalDbContext> dbFactory,
    NotificationCenter center,
    EmailSender email,
    TimeProvider clock,
    ILogger<Notifier> log)
{
    public async Task NotifyAdminsAsync(int companyId, string title, string body, string? link, NotificationLevel level, bool sendEmail, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var admins = await (
            from user in db.Users
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where user.CompanyId == companyId && role.Name == PortalRoles.CompanyAdmin
            select new { user.Id, user.Email }).ToListAsync(ct);

        var now = clock.GetUtcNow();
        var rows = admins.Select(a => (a.Email, Row: new Notification
        {
            CompanyId = companyId, UserId = a.Id, Title = title, Body = body, Link = link, Level = level, CreatedAt = now,
        })).ToList();
        db.Notifications.AddRange(rows.Select(r => r.Row));
        await db.SaveChangesAsync(ct);
        await center.PublishAsync(admins.Select(a => a.Id));

        if (!sendEmail) return;
        foreach (var (address, row) in rows.Where(r => !string.IsNullOrEmpty(r.Email)))
        {
            try
            {
                await email.SendAsync(address!, title, $"{body}\n\n{(link is null ? "" : $"Open the portal: {link}\n")}— Circular Portal", ct);
                row.EmailedAt = clock.GetUtcNow();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                row.EmailError = "The email could not be sent; the notification is shown in the portal.";
                log.LogWarning(e, "Email for notification {NotificationId} could not be sent", row.Id);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
