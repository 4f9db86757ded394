using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Sync.Push;

public enum PushEventKind
{
    Queued,
    Waiting,
    Released,
    Sending,
    AttemptFailed,
    RateLimited,
    Sent,
    StepsFinished,
    AttributionChecked,
    CvFetched,
    DeadLettered,
    Retried,
    Discarded,
}

/// <summary>One line of an application's push timeline, written in the same SaveChanges as the change it tells of.</summary>
public sealed class CandidatePushEvent : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public long PushId { get; set; }
    public CandidatePush? Push { get; set; }
    public int ApplicationId { get; set; }
    public PushEventKind Kind { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The sentence the admin reads, e.g. "Waiting: map this job to an ATS job".</summary>
    public required string Message { get; set; }
    public int? Attempt { get; set; }

    /// <summary>The person who acted (retry, discard), or null for the worker.</summary>
    public string? By { get; set; }
}

public sealed class CandidatePushEventConfiguration : IEntityTypeConfiguration<CandidatePushEvent>
{
    public void Configure(EntityTypeBuilder<CandidatePushEvent> b)
    {
        b.ToTable("CandidatePushEvents");
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Message).HasMaxLength(2000);
        b.Property(e => e.By).HasMaxLength(200);
        b.HasIndex(e => new { e.ApplicationId, e.At });
        b.HasIndex(e => e.PushId);
        b.HasOne(e => e.Push).WithMany().HasForeignKey(e => e.PushId).OnDelete(DeleteBehavior.Cascade);
    }
}
