namespace Circular.Portal.Sync.Status;

/// <summary>What became of one observation.</summary>
public enum ObservationOutcome
{
    /// <summary>The Circular application moved (hired, rejected, withdrawn).</summary>
    Moved,
    /// <summary>Newer than the stored status and recorded, but nothing to move (still active, ignored by rule, already there).</summary>
    Recorded,
    /// <summary>Recorded; its reason has no rule yet, so nothing moved.</summary>
    NeedsRule,
    /// <summary>Older than the stored status: dropped, so nothing goes backwards.</summary>
    Stale,
    /// <summary>The same as the stored status.</summary>
    Duplicate,
    /// <summary>The Circular application is already final in another stage (e.g. hired, now rejected in the ATS): recorded only.</summary>
    Refused,
    /// <summary>Not an application Circular pushed over this connection.</summary>
    NotOurs,
    /// <summary>Someone else saved the application at the same moment; the next run applies it.</summary>
    Conflict,
}

/// <summary>Counts of one <see cref="StatusApplier.ApplyAsync"/> call, for the run's history.</summary>
public sealed record StatusApplyReport(IReadOnlyDictionary<ObservationOutcome, int> Counts)
{
    public int this[ObservationOutcome outcome] => Counts.GetValueOrDefault(outcome);

    public override string ToString() => string.Join(", ", Counts.Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}"));
}
