using Circular.Portal.Data;

namespace Circular.Portal.Marketplace;

/// <summary>A candidate for one job, moving through <see cref="ApplicationStage"/>s with a kept history.</summary>
public sealed class Application : ICompanyOwned, IHasTimestamps
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    /// <summary>The Circular platform's own id; a retried create with the same id creates nothing twice.</summary>
    public required string PlatformApplicationId { get; set; }
    public int JobId { get; set; }
    public Job? Job { get; set; }
    public int CandidateId { get; set; }
    public Candidate? Candidate { get; set; }
    public ApplicationStage Stage { get; set; } = ApplicationStage.New;
    public DateTimeOffset StageChangedAt { get; set; }
    /// <summary>Changes on every stage move; a stale concurrent save is refused instead of overwriting.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<ApplicationStageChange> History { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One step in an application's stage history: when, who, and why.</summary>
public sealed class ApplicationStageChange : ICompanyOwned, Data.Audit.IStampedByActor
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public int ApplicationId { get; set; }
    public ApplicationStage? From { get; set; }
    public ApplicationStage To { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }

    /// <summary>The id of the person who moved it (the support user while impersonating); null for the platform and the ATS.</summary>
    public string? ByUserId { get; set; }
    string Data.Audit.IStampedByActor.ByName => nameof(By);
    public string? Reason { get; set; }
}
