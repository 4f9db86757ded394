using Circular.Portal.Data;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>Where a stage move came from, when not from the portal itself (a status synced back from an ATS).</summary>
/// <param name="Source">The ATS's name, e.g. "Teamtailor".</param>
/// <param name="OccurredAt">The ATS's own time of the change.</param>
/// <param name="CandidateVisibleAt">From when the candidate side may learn of it; null: at once.</param>
public sealed record StageMoveOrigin(string Source, DateTimeOffset OccurredAt, DateTimeOffset? CandidateVisibleAt);

/// <summary>Adds the platform's event for a stage move to the caller's context; the caller's SaveChanges writes both.</summary>
public static class PlatformEvents
{
    public const string CircularSource = "Circular";

    /// <summary>The stages the platform is told about: the outcomes it cannot learn by itself.</summary>
    public static bool IsOutcome(ApplicationStage stage) =>
        stage is ApplicationStage.Hired or ApplicationStage.Rejected or ApplicationStage.Withdrawn;

    public static PlatformEvent? Add(PortalDbContext db, Application application, ApplicationStage to, string? reason, DateTimeOffset now, StageMoveOrigin? origin)
    {
        if (!IsOutcome(to)) return null;
        var visibleAt = origin?.CandidateVisibleAt;
        var publishAt = visibleAt is { } v && v > now ? v : now;
        var row = new PlatformEvent
        {
            CompanyId = application.CompanyId,
            ApplicationId = application.Id,
            PlatformApplicationId = application.PlatformApplicationId,
            Outcome = to,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            Source = origin?.Source ?? CircularSource,
            OccurredAt = origin?.OccurredAt ?? now,
            CandidateVisibleAt = visibleAt,
            PublishAt = publishAt,
            CreatedAt = now,
            NextAttemptAt = publishAt,
        };
        db.Add(row);
        return row;
    }
}
