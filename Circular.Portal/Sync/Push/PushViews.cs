namespace Circular.Portal.Sync.Push;

/// <summary>One push as the UI shows it: its state in words, the vendor's ids and link, each step and the attribution check.</summary>
public sealed record PushView(
    long Id,
    int ApplicationId,
    int? ConnectionId,
    string CandidateName,
    string? VendorName,
    string? AtsJobTitle,
    PushState State,
    PushWaitReason? WaitingReason,
    string StatusText,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    string? VendorCandidateId,
    string? VendorRecordUrl,
    PushResultKind? Result,
    PushSteps Steps,
    PushAttribution? Attribution,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeadLetteredAt,
    string? RetriedBy,
    DateTimeOffset? RetriedAt,
    string? DiscardedBy,
    DateTimeOffset? DiscardedAt,
    Guid Version)
{
    public bool CanRetry => State is PushState.DeadLettered or PushState.Discarded;
    public bool CanDiscard => State is PushState.DeadLettered or PushState.Waiting or PushState.Queued;
}

public sealed record PushSteps(PushStepOutcome Tag, PushStepOutcome Source, PushStepOutcome Cv, PushStepOutcome LinkedIn, PushStepOutcome Note);

/// <summary>What reading the candidate back from the ATS found; null members were not checked (nothing to check).</summary>
public sealed record PushAttribution(DateTimeOffset CheckedAt, bool? Tag, bool? Source, bool? Cv, bool? LinkedIn, string? Error)
{
    public bool Complete => Error is null && Tag != false && Source != false && Cv != false && LinkedIn != false;

    /// <summary>"tag Circular", "CV", … for each item the ATS does not show.</summary>
    public IReadOnlyList<string> Missing =>
        new (bool? Ok, string Name)[] { (Tag, "tag Circular"), (Source, "source Circular"), (Cv, "CV"), (LinkedIn, "LinkedIn") }
            .Where(x => x.Ok == false).Select(x => x.Name).ToList();
}

/// <summary>One line of the push timeline.</summary>
public sealed record PushTimelineEntry(DateTimeOffset At, PushEventKind Kind, string Message, int? Attempt, string? By);

/// <summary>An application's push and its timeline, oldest event first.</summary>
public sealed record PushTimelineView(PushView Push, IReadOnlyList<PushTimelineEntry> Events);

/// <summary>The inbox chip: Queued, Waiting, Sending, "In Lever", Failed, Discarded.</summary>
public sealed record PushChip(long PushId, PushState State, string Label, string? Tooltip);

/// <summary>An integration card's counts: pushes not yet sent (queued, waiting, sending) and dead letters.</summary>
public sealed record PushCounts(int Pending, int Failed);

public enum PushListFilter { Pending, Failed, Sent, All }

public enum PushActionOutcome { Done, NotFound, NotAllowed, Stale }

public sealed record PushActionResult(PushActionOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome == PushActionOutcome.Done;
}

/// <summary>One field as it would be sent.</summary>
public sealed record PushPreviewField(string Name, string? Value);

/// <summary>
/// A dry run of a push: exactly what would be sent, and each thing the vendor would refuse, without creating anything.
/// <see cref="Problems"/> empty means the push would go out.
/// </summary>
public sealed record PushPreview(
    string VendorName,
    int ApplicationId,
    string CandidateName,
    string? AtsJobTitle,
    string? AtsJobExternalId,
    string Marker,
    string Tag,
    string Source,
    IReadOnlyList<PushPreviewField> Fields,
    string? CvFileName,
    long? CvSizeBytes,
    string Note,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Notes)
{
    public bool WouldSend => Problems.Count == 0;
}
