using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Notifications;

/// <summary>
/// Tells a company's admins something: an in-app notification each (the bell updates live once it is committed) and,
/// when asked, an email each, written as <see cref="OutboundEmail"/> rows in the same transaction and delivered by
/// <see cref="EmailDeliveryJob"/> with retries. The notification records whether its email went out.
/// </summary>
public sealed class Notifier(IDbContextFactory<PortalDbContext> dbFactory, EmailLinks links, TimeProvider clock)
{
    /// <summary>
    /// Adds the notifications (and their emails) to <paramref name="db"/> without saving, so they commit or fail with
    /// the caller's own change in the caller's SaveChanges. The bell refresh and the email delivery start after commit.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> AddForAdminsAsync(
        PortalDbContext db, int companyId, string title, string body, string? link, NotificationLevel level, bool sendEmail, CancellationToken ct)
    {
        var admins = await AdminsAsync(db, companyId, ct);
        var now = clock.GetUtcNow();
        var rows = new List<Notification>();
        foreach (var admin in admins)
        {
            var notification = new Notification
            {
                CompanyId = companyId, UserId = admin.Id, Title = title, Body = body, Link = link, Level = level, CreatedAt = now,
            };
            db.Notifications.Add(notification);
            rows.Add(notification);
            if (!sendEmail || string.IsNullOrWhiteSpace(admin.Email)) continue;
            db.Add(new OutboundEmail
            {
                CompanyId = companyId, Notification = notification, ToAddress = admin.Email, Subject = Trim(title, 200),
                Body = Trim(EmailBody(body, link), 8000), CreatedAt = now, NextAttemptAt = now,
            });
        }
        return rows;
    }

    /// <summary>
    /// Adds an email to each admin without a bell (e.g. the digest of changes that each already rang the bell), unsaved,
    /// so it commits with the caller's own change.
    /// </summary>
    public async Task AddEmailsForAdminsAsync(PortalDbContext db, int companyId, string subject, string body, string? link, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var admin in await AdminsAsync(db, companyId, ct))
        {
            if (string.IsNullOrWhiteSpace(admin.Email)) continue;
            db.Add(new OutboundEmail
            {
                CompanyId = companyId, ToAddress = admin.Email, Subject = Trim(subject, 200),
                Body = Trim(EmailBody(body, link), 8000), CreatedAt = now, NextAttemptAt = now,
            });
        }
    }

    private sealed record Admin(string Id, string? Email);

    private static Task<List<Admin>> AdminsAsync(PortalDbContext db, int companyId, CancellationToken ct) => (
        from user in db.Users
        join userRole in db.UserRoles on user.Id equals userRole.UserId
        join role in db.Roles on userRole.RoleId equals role.Id
        where user.CompanyId == companyId && role.Name == PortalRoles.CompanyAdmin
        select new Admin(user.Id, user.Email)).ToListAsync(ct);

    /// <summary>Notifies the admins in a transaction of its own (for callers with nothing else to save).</summary>
    public async Task NotifyAdminsAsync(int companyId, string title, string body, string? link, NotificationLevel level, bool sendEmail, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AddForAdminsAsync(db, companyId, title, body, link, level, sendEmail, ct);
        await db.SaveChangesAsync(ct);
    }

    private string EmailBody(string body, string? link) =>
        $"{body}\n\n{(link is null ? "" : $"Open the portal: {links.Absolute(link)}\n")}— Circular Portal";

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
