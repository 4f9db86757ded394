using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Sync.Push;

/// <summary>Where one push is in its life. Only Waiting and Queued are picked up; Sent and Discarded are final.</summary>
public enum PushState { Waiting, Queued, Sending, Sent, DeadLettered, Discarded }

/// <summary>Why a push is not going out yet. Each is released by the action that fixes it (link the job, reconnect).</summary>
public enum PushWaitReason
{
    /// <summary>The Circular job is not linked to an ATS job.</summary>
    NoLink,
    /// <summary>The linked ATS job is closed or deleted at the vendor.</summary>
    LinkHoldsCandidates,
    /// <summary>The link's connection is gone (disconnected).</summary>
    NoConnection,
    /// <summary>The connection's credentials stopped working.</summary>
    NeedsReauth,
}

/// <summary>What the vendor step did. Every step after the create is an ensure step: a retry finishes what is missing.</summary>
public enum PushStepOutcome { NotAttempted, Done, AlreadyThere, NotNeeded, Refused, Failed }

/// <summary>How the push ended at the vendor.</summary>
public enum PushResultKind
{
    /// <summary>Circular created the candidate.</summary>
    Created,
    /// <summary>An earlier attempt of this same push had created it (found by the marker).</summary>
    FoundEarlierPush,
    /// <summary>The vendor already knew the person and added a new application/opportunity for this job (Lever "deduped").</summary>
    NewApplicationOnExistingPerson,
    /// <summary>The person already applied to this job at the vendor without Circular; not adopted as ours.</summary>
    AlreadyInAtsNotOurs,
}

/// <summary>
/// The outbox row for sending one accepted candidate to the company's ATS. Written in the same SaveChanges as the stage
/// move to InterviewAccepted, drained by the connection's worker with a lease, never dropped: it waits (with a reason),
/// goes out, or ends dead-lettered with the vendor's own words until an admin retries or discards it.
/// </summary>
public sealed class CandidatePush : ICompanyOwned, IHasTimestamps
{
    public long Id { get; set; }
    public int CompanyId { get; set; }

    /// <summary>The connection whose worker sends it; null while the job is not linked.</summary>
    public int? ConnectionId { get; set; }
    public int ApplicationId { get; set; }

    /// <summary>The ATS job the candidate goes to, taken from the job link; null while waiting for a link.</summary>
    public int? AtsJobId { get; set; }

    public PushState State { get; set; } = PushState.Queued;
    public PushWaitReason? WaitingReason { get; set; }

    /// <summary>Deterministic per application, stored at the vendor so a retry after a crash finds the first push.</summary>
    public required string Marker { get; set; }

    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The lease of the worker sending it; a crashed worker's lease runs out and the push is picked up again.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }

    /// <summary>The vendor's own words for the last failure (never a secret).</summary>
    public string? LastError { get; set; }
    public int? LastStatusCode { get; set; }

    public string? VendorCandidateId { get; set; }
    public string? VendorApplicationId { get; set; }

    /// <summary>A link to the record in the ATS's own UI, where the vendor has one.</summary>
    public string? VendorRecordUrl { get; set; }
    public PushResultKind? Result { get; set; }

    public PushStepOutcome TagStep { get; set; }
    public PushStepOutcome SourceStep { get; set; }
    public PushStepOutcome CvStep { get; set; }
    public PushStepOutcome LinkedInStep { get; set; }
    public PushStepOutcome NoteStep { get; set; }

    /// <summary>After the push the candidate is read back from the ATS: did the attribution really arrive?</summary>
    public DateTimeOffset? AttributionCheckedAt { get; set; }
    public bool? AttributionTag { get; set; }
    public bool? AttributionSource { get; set; }
    public bool? AttributionCv { get; set; }
    public bool? AttributionLinkedIn { get; set; }

    /// <summary>Why the read-back could not be made, when it could not.</summary>
    public string? AttributionError { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? FirstAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeadLetteredAt { get; set; }
    public string? RetriedBy { get; set; }
    public DateTimeOffset? RetriedAt { get; set; }
    public string? DiscardedBy { get; set; }
    public DateTimeOffset? DiscardedAt { get; set; }

    /// <summary>Changes on every save; a stale concurrent save (two workers, or a worker and an admin) is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static string MarkerFor(int applicationId) => $"circular-app-{applicationId}";

    /// <summary>Whether everything the attribution check looked for was there.</summary>
    public bool? AttributionComplete => AttributionCheckedAt is null ? null
        : AttributionTag != false && AttributionSource != false && AttributionCv != false && AttributionLinkedIn != false;
}

public sealed class CandidatePushConfiguration : IEntityTypeConfiguration<CandidatePush>
{
    public void Configure(EntityTypeBuilder<CandidatePush> b)
    {
        b.ToTable("CandidatePushes");
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.WaitingReason).HasConversion<string>().HasMaxLength(30);
        b.Property(p => p.Result).HasConversion<string>().HasMaxLength(40);
        foreach (var step in new[] { nameof(CandidatePush.TagStep), nameof(CandidatePush.SourceStep), nameof(CandidatePush.CvStep),
                     nameof(CandidatePush.LinkedInStep), nameof(CandidatePush.NoteStep) })
        {
            b.Property<PushStepOutcome>(step).HasConversion<string>().HasMaxLength(20);
        }
        b.Property(p => p.Marker).HasMaxLength(60);
        b.Property(p => p.LockedBy).HasMaxLength(100);
        b.Property(p => p.LastError).HasMaxLength(2000);
        b.Property(p => p.VendorCandidateId).HasMaxLength(200);
        b.Property(p => p.VendorApplicationId).HasMaxLength(200);
        b.Property(p => p.VendorRecordUrl).HasMaxLength(500);
        b.Property(p => p.AttributionError).HasMaxLength(1000);
        b.Property(p => p.RetriedBy).HasMaxLength(200);
        b.Property(p => p.DiscardedBy).HasMaxLength(200);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.AttributionComplete);
        // One push per application: accepting twice (two clicks, a retried API call) cannot queue a second one.
        b.HasIndex(p => p.ApplicationId).IsUnique();
        b.HasIndex(p => new { p.ConnectionId, p.State, p.NextAttemptAt });
        b.HasIndex(p => new { p.CompanyId, p.State });
        b.HasOne<Marketplace.Application>().WithMany().HasForeignKey(p => p.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(p => p.ConnectionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Jobs.AtsJob>().WithMany().HasForeignKey(p => p.AtsJobId).OnDelete(DeleteBehavior.SetNull);
    }
}
