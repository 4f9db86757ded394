using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Sync;

/// <summary>StatusPoll: one poll of the vendor for the statuses of the candidates Circular pushed.</summary>
public enum SyncRunKind { FirstSync, JobSync, StatusPoll }

/// <summary>Interrupted: the portal stopped (shut down or crashed) while the run was going; the sync runs again.</summary>
public enum SyncRunOutcome { Running, Succeeded, Failed, Interrupted }

/// <summary>One run of a sync for a connection: progress while it runs, the outcome and error after. Kept as history.</summary>
public sealed class SyncRun : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public int ConnectionId { get; set; }
    public SyncRunKind Kind { get; set; }
    public SyncRunOutcome Outcome { get; set; } = SyncRunOutcome.Running;
    public int JobsSeen { get; set; }
    public int JobsAdded { get; set; }
    public int JobsUpdated { get; set; }

    /// <summary>Status polls: observations read from the vendor, and how many moved a Circular application.</summary>
    public int StatusesSeen { get; set; }
    public int StatusesApplied { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> b)
    {
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Error).HasMaxLength(1000);
        b.HasIndex(r => new { r.ConnectionId, r.StartedAt });
        b.HasOne<Connections.AtsConnection>().WithMany().HasForeignKey(r => r.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
