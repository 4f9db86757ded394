using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Sync;

/// <summary>
/// A verified webhook event, stored before the vendor is answered (the inbox), once per vendor event id.
/// The connection's worker (<see cref="Status.WebhookInbox"/>) claims it with a lease, re-reads the vendor and applies what
/// the vendor says now; nothing here is trusted beyond "something changed". Failures back off; processed rows are purged
/// after <c>Sync:WebhookRetention</c>.
/// </summary>
public sealed class WebhookDelivery : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public int ConnectionId { get; set; }
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    public string? CandidateId { get; set; }
    public string? ApplicationId { get; set; }
    public AtsApplicationStatus? Status { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Processing attempts so far (a claim counts).</summary>
    public int Attempts { get; set; }

    /// <summary>Not before then (backoff after a failure); null: due at once.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The lease of the worker processing it; an expired lease (a crashed worker) lets another take it.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Why the last attempt failed, or why it was set aside (no candidate Circular pushed).</summary>
    public string? LastError { get; set; }
}

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(w => w.EventId).HasMaxLength(200);
        b.Property(w => w.EventType).HasMaxLength(100);
        b.Property(w => w.CandidateId).HasMaxLength(100);
        b.Property(w => w.ApplicationId).HasMaxLength(100);
        b.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(w => w.Reason).HasMaxLength(1000);
        b.HasIndex(w => new { w.ConnectionId, w.EventId }).IsUnique();
        b.Property(w => w.LastError).HasMaxLength(1000);
        b.HasIndex(w => new { w.ProcessedAt, w.ReceivedAt });
        b.HasIndex(w => new { w.ConnectionId, w.ProcessedAt, w.NextAttemptAt });
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(w => w.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
