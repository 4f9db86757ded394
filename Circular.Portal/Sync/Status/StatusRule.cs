using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Sync.Status;

/// <summary>
/// The admin's choice of what one vendor reason or stage means for Circular, on one connection. Without a row, the
/// vendor folder's default applies (<see cref="AtsStatusVocabularyItem.DefaultMeaning"/>).
/// </summary>
public sealed class StatusRule : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public int ConnectionId { get; set; }
    public AtsStatusTermKind Kind { get; set; }

    /// <summary>The vendor's id of the reason or stage.</summary>
    public required string TermId { get; set; }

    /// <summary>The vendor's name of it when the rule was saved (the list is read live; this is for the record).</summary>
    public required string Label { get; set; }
    public AtsStatusMeaning Meaning { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes on every save: a save over someone else's newer choice is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

public sealed class StatusRuleConfiguration : IEntityTypeConfiguration<StatusRule>
{
    public void Configure(EntityTypeBuilder<StatusRule> b)
    {
        b.ToTable("StatusRules");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.TermId).HasMaxLength(200);
        b.Property(r => r.Label).HasMaxLength(200);
        b.Property(r => r.Meaning).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.UpdatedBy).HasMaxLength(200);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.ConnectionId, r.Kind, r.TermId }).IsUnique();
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(r => r.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
