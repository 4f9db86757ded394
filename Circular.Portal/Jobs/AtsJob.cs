using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Jobs;

/// <summary>The portal's snapshot of one job at the vendor, refreshed by sync. Unique per connection and vendor id.</summary>
public sealed class AtsJob : ICompanyOwned, IHasTimestamps
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public int ConnectionId { get; set; }
    public required string ExternalId { get; set; }
    public required string Title { get; set; }
    public AtsJobStatus Status { get; set; }

    /// <summary>The vendor's own word for the state ("published", "internal", "closed, confidential"…), shown on the board.</summary>
    public string? VendorState { get; set; }

    /// <summary>Open, but listed only internally or confidential at the vendor: imported only when the admin includes them.</summary>
    public bool Internal { get; set; }
    public string? Location { get; set; }
    public string? Department { get; set; }
    public string? EmploymentType { get; set; }
    public string? DescriptionHtml { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset? VendorUpdatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Set when a full listing of the vendor's jobs no longer had this job (deleted at the vendor); cleared when it is seen again.</summary>
    public DateTimeOffset? MissingSince { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AtsJobConfiguration : IEntityTypeConfiguration<AtsJob>
{
    public void Configure(EntityTypeBuilder<AtsJob> b)
    {
        b.Property(j => j.ExternalId).HasMaxLength(100);
        b.Property(j => j.Title).HasMaxLength(300);
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(j => j.VendorState).HasMaxLength(60);
        b.Property(j => j.Location).HasMaxLength(300);
        b.Property(j => j.Department).HasMaxLength(200);
        b.Property(j => j.EmploymentType).HasMaxLength(100);
        b.Property(j => j.DescriptionHtml).HasMaxLength(100_000);
        b.Property(j => j.Url).HasMaxLength(500);
        b.HasIndex(j => new { j.ConnectionId, j.ExternalId }).IsUnique();
        b.HasIndex(j => new { j.CompanyId, j.ConnectionId, j.Status, j.Title });
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(j => j.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
