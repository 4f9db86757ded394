using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Notifications;

public enum EmailStatus { Pending, Sent, Dead }

/// <summary>
/// One email to send (the outbox): written in the same SaveChanges as the change that causes it, delivered later by
/// <see cref="EmailDeliveryJob"/> with a lease, retries with backoff, and a dead state after too many attempts.
/// </summary>
public sealed class OutboundEmail : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }

    /// <summary>The bell notification this email repeats, which records whether the email went out.</summary>
    public long? NotificationId { get; set; }
    public Notification? Notification { get; set; }

    public required string ToAddress { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public EmailStatus Status { get; set; } = EmailStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Held by a delivering worker until then; a crashed worker's claim simply expires.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The claim of the worker holding the lease; a concurrency token, so two workers never both claim or both record.</summary>
    public Guid? LeaseId { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

public sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> b)
    {
        b.ToTable("OutboundEmails");
        b.Property(e => e.ToAddress).HasMaxLength(254);
        b.Property(e => e.Subject).HasMaxLength(200);
        b.Property(e => e.Body).HasMaxLength(8000);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(e => e.LastError).HasMaxLength(500);
        b.Property(e => e.LeaseId).IsConcurrencyToken();
        b.HasIndex(e => new { e.Status, e.NextAttemptAt });
        b.HasOne(e => e.Notification).WithMany().HasForeignKey(e => e.NotificationId).OnDelete(DeleteBehavior.SetNull);
    }
}
