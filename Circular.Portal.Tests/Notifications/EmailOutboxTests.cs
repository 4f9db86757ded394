using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Notifications;

public sealed class EmailOutboxTests(EmailPortalFixture fixture) : IClassFixture<EmailPortalFixture>
{
    private static readonly TimeSpan PastAnyRetry = TimeSpan.FromMinutes(31);

    private async Task NotifyAsync(int companyId, string title, string? link = "/integrations")
    {
        await using var scope = fixture.Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        await scope.ServiceProvider.GetRequiredService<Notifier>()
            .NotifyAdminsAsync(companyId, title, "Something happened.", link, NotificationLevel.Info, sendEmail: true, default);
    }

    [Fact]
    public async Task An_email_waits_out_an_SMTP_outage_and_goes_out_on_a_later_attempt_with_an_absolute_link()
    {
        await fixture.StopSmtpAsync();
        var (companyId, admin) = await fixture.Portal.CreateAsync("Outage Co");
        const string title = "Outage Co: first sync finished";

        await NotifyAsync(companyId, title);

        // The commit woke the delivery job, which found no SMTP server: the email waits for its next attempt.
        var failed = await fixture.WaitForEmailAsync(title, e => e.Attempts == 1 && e.LockedUntil == null);
        Assert.Equal(EmailStatus.Pending, failed.Status);
        Assert.NotNull(failed.LastError);
        Assert.True(failed.NextAttemptAt > fixture.Clock.GetUtcNow(), "the retry waits");
        Assert.Null(failed.Notification!.EmailedAt);
        Assert.Null(failed.Notification.EmailError);

        var smtp = fixture.StartSmtp();
        Assert.Equal(0, (await fixture.DeliverAsync()).Sent);
        Assert.DoesNotContain(smtp.Messages, m => m.Subject == title);

        fixture.Clock.Advance(PastAnyRetry);
        await fixture.Portal.Services.GetRequiredService<EmailDelivery>().WakeAsync();
        var message = await smtp.WaitForAsync(m => m.Subject == title);

        Assert.Contains(admin, message.To.ToString());
        Assert.Contains($"{EmailPortalFixture.PublicUrl}/integrations", message.TextBody);
        var sent = await fixture.WaitForEmailAsync(title, e => e.Status == EmailStatus.Sent);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(fixture.Clock.GetUtcNow(), sent.SentAt);
        Assert.Equal(sent.SentAt, sent.Notification!.EmailedAt);
        Assert.Single(smtp.Messages, m => m.Subject == title);
    }

    [Fact]
    public async Task An_email_that_keeps_failing_is_dead_after_the_last_attempt_and_its_notification_says_so()
    {
        await fixture.StopSmtpAsync();
        var (companyId, _) = await fixture.Portal.CreateAsync("Dead Letter Co");
        const string title = "Dead Letter Co: token expires soon";

        await NotifyAsync(companyId, title);
        await fixture.WaitForEmailAsync(title, e => e.Attempts == 1 && e.LockedUntil == null);
        for (var attempt = 2; attempt <= EmailPortalFixture.MaxAttempts; attempt++)
        {
            fixture.Clock.Advance(PastAnyRetry);
            await fixture.DeliverAsync();
        }

        var dead = await fixture.EmailAsync(title);
        Assert.Equal(EmailStatus.Dead, dead.Status);
        Assert.Equal(EmailPortalFixture.MaxAttempts, dead.Attempts);
        Assert.NotNull(dead.Notification!.EmailError);
        Assert.Null(dead.Notification.EmailedAt);

        // Dead means no more attempts, even once the server is back.
        var smtp = fixture.StartSmtp();
        fixture.Clock.Advance(PastAnyRetry);
        await fixture.DeliverAsync();
        Assert.Equal(EmailPortalFixture.MaxAttempts, (await fixture.EmailAsync(title)).Attempts);
        Assert.DoesNotContain(smtp.Messages, m => m.Subject == title);
    }

    [Fact]
    public async Task Two_workers_on_one_due_email_send_it_once()
    {
        var smtp = fixture.StartSmtp();
        var (companyId, admin) = await fixture.Portal.CreateAsync("Two Workers Co");
        const string subject = "Two Workers Co: one email";
        // Due a minute from now, so the job woken by this commit leaves it alone; then two workers race for it.
        await fixture.Portal.QueryAsync(db =>
        {
            db.Add(new OutboundEmail
            {
                CompanyId = companyId, ToAddress = admin, Subject = subject, Body = "Once.",
                CreatedAt = fixture.Clock.GetUtcNow(), NextAttemptAt = fixture.Clock.GetUtcNow().AddMinutes(1),
            });
            return db.SaveChangesAsync();
        });
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var reports = await Task.WhenAll(fixture.DeliverAsync(), fixture.DeliverAsync());

        // The job woken by the insert may be a third worker in the race: whoever wins, the email is recorded sent once.
        var email = await fixture.WaitForEmailAsync(subject, e => e.Status == EmailStatus.Sent);
        Assert.Single(smtp.Messages, m => m.Subject == subject);
        Assert.Equal(1, email.Attempts);
        Assert.Equal(0, (await fixture.DeliverAsync()).Sent);
        Assert.True(reports.Sum(r => r.Sent) <= 1);
    }

    [Fact]
    public async Task A_crashed_workers_claim_holds_until_its_lease_expires_then_the_email_goes_out()
    {
        var smtp = fixture.StartSmtp();
        var (companyId, admin) = await fixture.Portal.CreateAsync("Lease Co");
        const string subject = "Lease Co: claimed by a worker that died";
        var now = fixture.Clock.GetUtcNow();
        await fixture.Portal.QueryAsync(db =>
        {
            db.Add(new OutboundEmail
            {
                CompanyId = companyId, ToAddress = admin, Subject = subject, Body = "After the lease.", CreatedAt = now,
                NextAttemptAt = now, Attempts = 1, LeaseId = Guid.NewGuid(), LockedUntil = now.AddMinutes(2),
            });
            return db.SaveChangesAsync();
        });

        await fixture.DeliverAsync();
        Assert.DoesNotContain(smtp.Messages, m => m.Subject == subject);
        Assert.Equal(EmailStatus.Pending, (await fixture.EmailAsync(subject)).Status);

        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await fixture.DeliverAsync();

        var email = await fixture.WaitForEmailAsync(subject, e => e.Status == EmailStatus.Sent);
        Assert.Single(smtp.Messages, m => m.Subject == subject);
        Assert.Equal(2, email.Attempts);
    }

    [Fact]
    public async Task A_failed_transaction_leaves_neither_the_change_nor_the_notification_nor_its_email()
    {
        var smtp = fixture.StartSmtp();
        var (companyId, _) = await fixture.Portal.CreateAsync("Rollback Co");
        const string title = "Rollback Co: renamed";

        await using (var scope = fixture.Portal.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var company = await db.Companies.SingleAsync(c => c.Id == companyId);
            company.Name = "Rollback Co renamed";
            await scope.ServiceProvider.GetRequiredService<Notifier>()
                .AddForAdminsAsync(db, companyId, title, "Renamed.", "/integrations", NotificationLevel.Info, sendEmail: true, default);
            // The same transaction also writes a row the database refuses (no such connection): nothing of it may stay.
            db.SyncRuns.Add(new SyncRun { CompanyId = companyId, ConnectionId = int.MaxValue, StartedAt = fixture.Clock.GetUtcNow() });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal("Rollback Co", await fixture.Portal.QueryAsync(db => db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync()));
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Notifications.CountAsync(n => n.CompanyId == companyId)));
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Set<OutboundEmail>().CountAsync(e => e.CompanyId == companyId)));
        fixture.Clock.Advance(PastAnyRetry);
        await fixture.DeliverAsync();
        Assert.DoesNotContain(smtp.Messages, m => m.Subject == title);
    }

    [Fact]
    public async Task Notifications_added_to_a_callers_transaction_reach_nobody_until_it_commits_then_the_email_goes_out_at_once()
    {
        var smtp = fixture.StartSmtp();
        var (companyId, admin) = await fixture.Portal.CreateAsync("Caller Tx Co");
        const string title = "Caller Tx Co: in your transaction";
        var published = new List<string>();
        var center = fixture.Portal.Services.GetRequiredService<NotificationCenter>();
        Task OnChanged(string userId)
        {
            lock (published) published.Add(userId);
            return Task.CompletedTask;
        }
        center.Changed += OnChanged;
        try
        {
            await using var scope = fixture.Portal.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var adminId = await db.Users.Where(u => u.Email == admin).Select(u => u.Id).SingleAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var added = await scope.ServiceProvider.GetRequiredService<Notifier>()
                .AddForAdminsAsync(db, companyId, title, "Committed with the change.", "/jobs", NotificationLevel.Success, sendEmail: true, default);
            Assert.Equal(adminId, Assert.Single(added).UserId);
            Assert.Equal(0, await fixture.Portal.QueryAsync(d => d.Set<OutboundEmail>().CountAsync(e => e.Subject == title)));

            await db.SaveChangesAsync();
            lock (published) Assert.DoesNotContain(adminId, published);

            await transaction.CommitAsync();
            lock (published) Assert.Contains(adminId, published);
        }
        finally
        {
            center.Changed -= OnChanged;
        }

        // Delivery polls hourly here: arriving now means the commit woke it.
        var message = await smtp.WaitForAsync(m => m.Subject == title);
        Assert.Contains($"{EmailPortalFixture.PublicUrl}/jobs", message.TextBody);
        var email = await fixture.WaitForEmailAsync(title, e => e.Status == EmailStatus.Sent);
        Assert.NotNull(email.Notification!.EmailedAt);
    }
}
