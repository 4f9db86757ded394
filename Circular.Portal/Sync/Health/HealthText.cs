using System.Globalization;
using System.Text.RegularExpressions;

namespace Circular.Portal.Sync.Health;

/// <summary>The words of the health pages: run kinds, outcomes and ages.</summary>
public static partial class HealthText
{
    /// <summary>"JobSync" → "job sync", "StatusPoll" → "status poll": any kind that exists reads as words.</summary>
    public static string Kind(SyncRunKind kind) => Words().Replace(kind.ToString(), " $1").Trim().ToLowerInvariant();

    public static string Outcome(SyncRunOutcome outcome) => outcome switch
    {
        SyncRunOutcome.Running => "running",
        SyncRunOutcome.Succeeded => "succeeded",
        SyncRunOutcome.Failed => "failed",
        SyncRunOutcome.Interrupted => "interrupted (it runs again)",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "never";

    public static string Age(TimeSpan age) => age.TotalMinutes < 1 ? "under a minute"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
        : $"{(int)age.TotalDays} d {age.Hours} h";

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}
