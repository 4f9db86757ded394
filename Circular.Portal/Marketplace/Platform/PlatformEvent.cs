using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>Where the outbound webhook of one event is. Delivered, DeadLettered and NotConfigured are final.</summary>
public enum PlatformDeliveryState { Pending, Delivered, DeadLettered, NotConfigured }

/// <summary>
/// One outcome the Circular platform must learn (hired, rejected, withdrawn): written in the same SaveChanges as the stage
/// move, served by the changes feed in <see cref="PublishAt"/> order and pushed to the platform's webhook URL by
/// <see cref="PlatformWebhookSender"/> with a lease, attempts and backoff. It doubles as the outbox row and the feed entry.
/// </summary>
public sealed class PlatformEvent : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public int ApplicationId { get; set; }
    public required string PlatformApplicationId { get; set; }

    /// <summary>The stage the application reached.</summary>
    public ApplicationStage Outcome { get; set; }
    public string? Reason { get; set; }

    /// <summary>"Circular" when a company admin moved it in the portal, else the ATS it came from ("Teamtailor").</summary>
    public required string Source { get; set; }

    /// <summary>When it happened where it happened (the ATS's own time for a status synced back).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When the ATS lets the candidate side learn of it (Teamtailor transparent recruiting); null: at once.</summary>
    public DateTimeOffset? CandidateVisibleAt { get; set; }

    /// <summary>When the platform may be told: never before <see cref="CandidateVisibleAt"/>. Orders the feed.</summary>
    public DateTimeOffset PublishAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public PlatformDeliveryState DeliveryState { get; set; } = PlatformDeliveryState.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public string? LastError { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Changes on every save: two senders cannot both take the lease.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>One try to deliver a <see cref="PlatformEvent"/>: the delivery log.</summary>
public sealed class PlatformDeliveryAttempt : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public long EventId { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public long DurationMs { get; set; }
}

public sealed class PlatformEventConfiguration : IEntityTypeConfiguration<PlatformEvent>
{
    public void Configure(EntityTypeBuilder<PlatformEvent> b)
    {
        b.ToTable("PlatformEvents");
        b.Property(e => e.PlatformApplicationId).HasMaxLength(100);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Reason).HasMaxLength(1000);
        b.Property(e => e.Source).HasMaxLength(40);
        b.Property(e => e.DeliveryState).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.LockedBy).HasMaxLength(100);
        b.Property(e => e.LastError).HasMaxLength(1000);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasIndex(e => new { e.PublishAt, e.Id });
        b.HasIndex(e => new { e.DeliveryState, e.NextAttemptAt });
        b.HasOne<Application>().WithMany().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class PlatformDeliveryAttemptConfiguration : IEntityTypeConfiguration<PlatformDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<PlatformDeliveryAttempt> b)
    {
        b.ToTable("PlatformDeliveryAttempts");
        b.Property(a => a.Error).HasMaxLength(1000);
        b.HasIndex(a => new { a.EventId, a.Attempt });
        b.HasOne<PlatformEvent>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
