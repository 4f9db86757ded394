using Circular.Portal.Connections;

namespace Circular.Portal.Sync.Health;

/// <summary>The newest finished (or running) run of one kind: a job sync, a status poll, whatever kinds exist.</summary>
public sealed record HealthRun(SyncRunKind Kind, SyncRunOutcome Outcome, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int JobsSeen, int JobsAdded, int JobsUpdated, string? Error);

/// <summary>What fixes a problem, in the admin's words: a button with its destination.</summary>
public enum HealthFix { Reconnect, MapJob, Retry, AddStatusRule, Settings }

/// <param name="Key">Stable name for tests and page ids (reauth, unmapped, dead-letters, needs-rule, run-failed).</param>
public sealed record HealthProblem(string Key, string Text, HealthFix Fix, string FixLabel, string FixHref);

/// <summary>One day of the chart: pushes sent and failed, statuses that arrived by what they meant.</summary>
public sealed record HealthDay(DateOnly Day, int PushesSent, int PushesFailed, int Hired, int Rejected, int Withdrawn, int NeedsRule);

/// <summary>Everything the sync health page of one connection shows, read in one go.</summary>
public sealed record SyncHealthReport(
    AtsConnection Connection,
    string Vendor,
    string Slug,
    IReadOnlyList<HealthRun> LastRunByKind,
    DateTimeOffset? LastWebhookReceivedAt,
    DateTimeOffset? LastWebhookProcessedAt,
    int WebhooksWaiting,
    int PushesPending,
    TimeSpan? OldestPendingAge,
    int DeadLetters,
    IReadOnlyList<HealthRun> RecentRuns,
    IReadOnlyList<HealthProblem> Problems,
    IReadOnlyList<HealthDay> LastSevenDays);
