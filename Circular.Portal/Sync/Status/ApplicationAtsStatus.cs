using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Sync.Status;

/// <summary>What the portal made of the vendor's status: moved Circular's application, ignored it by rule, or waits for a rule.</summary>
public enum StatusResolution { Active, Hired, Rejected, Withdrawn, Ignored, NeedsRule }

/// <summary>
/// The newest status the vendor reported for one pushed application, by the vendor's own timestamp. Every observation
/// (webhook or poll, in any order) is compared with it: an older one changes nothing, so a status never goes backwards.
/// </summary>
public sealed class ApplicationAtsStatus : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public int ConnectionId { get; set; }
    public int ApplicationId { get; set; }

    public AtsApplicationStatus VendorStatus { get; set; }
    public string? VendorReason { get; set; }
    public AtsStatusTermKind? ReasonKind { get; set; }
    public string? ReasonId { get; set; }
    public string? StageId { get; set; }
    public string? StageName { get; set; }

    /// <summary>The vendor's time of the status; the ordering key.</summary>
    public DateTimeOffset ObservedAt { get; set; }
    public StatusResolution Resolution { get; set; }

    /// <summary>When the vendor rejected (or the candidate withdrew), and from when the candidate side may see it (Teamtailor).</summary>
    public DateTimeOffset? RejectedAt { get; set; }
    public DateTimeOffset? CandidateVisibleAt { get; set; }

    /// <summary>"webhook" or "poll": which path brought the newest observation.</summary>
    public string? Source { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

public sealed class ApplicationAtsStatusConfiguration : IEntityTypeConfiguration<ApplicationAtsStatus>
{
    public void Configure(EntityTypeBuilder<ApplicationAtsStatus> b)
    {
        b.ToTable("ApplicationAtsStatuses");
        b.Property(s => s.VendorStatus).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.VendorReason).HasMaxLength(1000);
        b.Property(s => s.ReasonKind).HasConversion<string>().HasMaxLength(30);
        b.Property(s => s.ReasonId).HasMaxLength(200);
        b.Property(s => s.StageId).HasMaxLength(200);
        b.Property(s => s.StageName).HasMaxLength(200);
        b.Property(s => s.Resolution).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Source).HasMaxLength(20);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => s.ApplicationId).IsUnique();
        b.HasIndex(s => new { s.ConnectionId, s.Resolution });
        b.HasOne<Marketplace.Application>().WithMany().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(s => s.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
