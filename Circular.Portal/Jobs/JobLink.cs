using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Jobs;

public enum LinkOrigin { Import, Manual, Suggestion }

/// <summary>What sync last saw of the linked ATS job. Closed and deleted jobs hold candidates instead of sending them.</summary>
public enum LinkHealth { Healthy, RenamedInAts, ClosedInAts, DeletedInAts }

/// <summary>
/// Says where candidates of one Circular job go: one ATS job of a connection. A Circular job links to at most one ATS job.
/// <see cref="Version"/> changes on every save, so a second admin's stale change is refused instead of overwriting.
/// </summary>
public sealed class JobLink : ICompanyOwned, IHasTimestamps, Data.Audit.IStampedByActor
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public int JobId { get; set; }
    public Marketplace.Job? Job { get; set; }
    public int AtsJobId { get; set; }
    public AtsJob? AtsJob { get; set; }
    public int ConnectionId { get; set; }
    public LinkOrigin Origin { get; set; }
    public required string LinkedBy { get; set; }

    /// <summary>The id of the person who linked it (the support user while impersonating); stamped by the audit interceptor.</summary>
    public string? LinkedByUserId { get; set; }

    /// <summary>The ATS job's title and vendor update time when linked or last imported: a later difference is "changed in the ATS".</summary>
    public string? TitleAtLink { get; set; }
    public DateTimeOffset? VendorUpdatedAtLink { get; set; }

    public LinkHealth Health { get; set; }

    /// <summary>The admin-facing sentence for <see cref="Health"/>; null when healthy.</summary>
    public string? HealthNotice { get; set; }
    public DateTimeOffset? HealthSince { get; set; }

    string? Data.Audit.IStampedByActor.ByUserId { get => LinkedByUserId; set => LinkedByUserId = value; }
    string Data.Audit.IStampedByActor.ByName => nameof(LinkedBy);

    /// <summary>Candidates of this job are held (not sent) while the ATS job is closed or gone.</summary>
    public bool HoldsCandidates => Health is LinkHealth.ClosedInAts or LinkHealth.DeletedInAts;

    /// <summary>An admin (re)linked or re-imported: what sync saw before no longer applies; the next sync assesses afresh.</summary>
    public void MarkHealthy()
    {
        Health = LinkHealth.Healthy;
        HealthNotice = null;
        HealthSince = null;
    }

    public Guid Version { get; set; } = Guid.NewGuid();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class JobLinkConfiguration : IEntityTypeConfiguration<JobLink>
{
    public void Configure(EntityTypeBuilder<JobLink> b)
    {
        b.Property(l => l.Origin).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.LinkedBy).HasMaxLength(200);
        b.Property(l => l.LinkedByUserId).HasMaxLength(450);
        b.Property(l => l.TitleAtLink).HasMaxLength(300);
        b.Property(l => l.Health).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.HealthNotice).HasMaxLength(500);
        b.Ignore(l => l.HoldsCandidates);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.HasIndex(l => l.JobId).IsUnique();
        b.HasIndex(l => new { l.ConnectionId, l.AtsJobId });
        b.HasOne(l => l.Job).WithMany().HasForeignKey(l => l.JobId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(l => l.AtsJob).WithMany().HasForeignKey(l => l.AtsJobId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(l => l.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
