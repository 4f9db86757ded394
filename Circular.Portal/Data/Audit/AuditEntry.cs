using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Data.Audit;

/// <summary>Whether the recorded action happened.</summary>
public enum AuditOutcome { Succeeded, Refused }

/// <summary>
/// One line of the append-only audit log: who (the real person and the user they acted as, by id), for which company,
/// in which impersonation session, did what to what, with what outcome, when (UTC) and from where. Written in the same
/// save as the change it records; never updated or deleted through the application (the interceptor and, on SQLite,
/// triggers refuse it).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? RealUserId { get; set; }
    public string? EffectiveUserId { get; set; }
    public int? CompanyId { get; set; }
    public string? ImpersonationSessionId { get; set; }

    /// <summary>A stable name: "Impersonation.Started", "Cv.Downloaded", "Job.Modified", …</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    public AuditOutcome Outcome { get; set; }

    /// <summary>Why: the impersonation's reason, or the refusal's.</summary>
    public string? Detail { get; set; }
    public string? ClientAddress { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(a => a.RealUserId).HasMaxLength(450);
        b.Property(a => a.EffectiveUserId).HasMaxLength(450);
        b.Property(a => a.ImpersonationSessionId).HasMaxLength(64);
        b.Property(a => a.Action).HasMaxLength(100);
        b.Property(a => a.Target).HasMaxLength(500);
        b.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Detail).HasMaxLength(1000);
        b.Property(a => a.ClientAddress).HasMaxLength(64);
        b.HasIndex(a => new { a.CompanyId, a.At });
        b.HasIndex(a => a.ImpersonationSessionId);
    }
}
