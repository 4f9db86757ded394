using Circular.Portal.Data;
using Circular.Portal.Sync;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Circular.Portal.Notifications;

public sealed record EmailDeliveryReport(int Sent, int Retrying, int Dead);

/// <summary>
/// Sends the due emails of the outbox, each under a lease: claim (a concurrency-checked save, so two workers never
/// both claim one), send over SMTP, record. A failure is retried with capped exponential backoff and full jitter; after
/// <see cref="EmailDeliveryOptions.MaxAttempts"/> (or at once when the server refuses the address) the email is dead and
/// its notification says so. Runs as a named system service (the job sets it).
/// </summary>
public sealed class EmailOutbox(
    IDbContextFactory<PortalDbContext> dbFactory,
    EmailSender sender,
    IOptions<EmailDeliveryOptions> options,
    TimeProvider clock,
    ILogger<EmailOutbox> log)
{
    private const string NotSentNotice = "The email could not be sent; the notification is shown in the portal.";

    public async Task<EmailDeliveryReport> DeliverDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        int sent = 0, retrying = 0, dead = 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Set<OutboundEmail>()
            .Where(e => e.Status == EmailStatus.Pending && e.NextAttemptAt <= now && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id)
            .Select(e => e.Id).Take(settings.BatchSize).ToListAsync(ct);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var email = await ClaimAsync(db, id, settings, ct);
            if (email is null) continue;
            var failure = await SendAsync(email, ct);
            switch (await RecordAsync(db, email, failure, settings, ct))
            {
                case EmailStatus.Sent: sent++; break;
                case EmailStatus.Dead: dead++; break;
                default: retrying++; break;
            }
        }
        return new EmailDeliveryReport(sent, retrying, dead);
    }

    private async Task<OutboundEmail?> ClaimAsync(PortalDbContext db, long id, EmailDeliveryOptions settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var email = await db.Set<OutboundEmail>().Include(e => e.Notification).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (email is null || email.Status != EmailStatus.Pending || email.NextAttemptAt > now || email.LockedUntil >= now) return null;
        await using var claim = await db.TryLockRowAsync<OutboundEmail>(id, ct);
        if (claim is null) return null; // another node is claiming it
        email.LeaseId = Guid.NewGuid();
        email.LockedUntil = now + settings.Lease;
        email.Attempts++;
        try
        {
            await db.SaveChangesAsync(ct);
            await claim.CommitAsync(ct);
            return email;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // another worker claimed it first
        }
    }

    /// <summary>Null when sent; otherwise why not, and whether trying again could help.</summary>
    private async Task<(string Error, bool Permanent)?> SendAsync(OutboundEmail email, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(email.ToAddress, email.Subject, email.Body, ct);
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // stopping: the lease expires and the email goes out after the restart
        }
        catch (ParseException)
        {
            return ("The address is not a valid email address.", true);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted)
        {
            return ($"The mail server refused the message: {(int)e.StatusCode} {e.Message}", true);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Email {EmailId} could not be sent (attempt {Attempt})", email.Id, email.Attempts);
            return ($"{e.GetType().Name}: {e.Message}", false);
        }
    }

    private async Task<EmailStatus> RecordAsync(PortalDbContext db, OutboundEmail email, (string Error, bool Permanent)? failure, EmailDeliveryOptions settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        email.LockedUntil = null;
        email.LeaseId = null;
        if (failure is null)
        {
            email.Status = EmailStatus.Sent;
            email.SentAt = now;
            email.LastError = null;
            if (email.Notification is { } sentNotice)
            {
                sentNotice.EmailedAt = now;
                sentNotice.EmailError = null;
            }
        }
        else
        {
            email.LastError = Trim(failure.Value.Error, 500);
            if (failure.Value.Permanent || email.Attempts >= settings.MaxAttempts)
            {
                email.Status = EmailStatus.Dead;
                if (email.Notification is { } deadNotice) deadNotice.EmailError = NotSentNotice;
                log.LogWarning("Email {EmailId} is dead after {Attempts} attempts: {Error}", email.Id, email.Attempts, email.LastError);
            }
            else
            {
                email.NextAttemptAt = now + RetryBackoff.FullJitter(email.Attempts, settings.RetryBase, settings.RetryCap, Random.Shared);
            }
        }
        try
        {
            // Not the job's token: the email went out (or not) whatever happens to this run now.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease expired and another worker claimed the email meanwhile; its record stands.
            log.LogWarning("Email {EmailId} was claimed by another worker while this one sent it", email.Id);
        }
        return email.Status;
    }

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
