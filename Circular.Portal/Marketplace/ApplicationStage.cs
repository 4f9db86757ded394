namespace Circular.Portal.Marketplace;

public enum ApplicationStage
{
    New,
    InterviewRequested,
    InterviewAccepted,
    InterviewDeclined,
    Hired,
    Rejected,
    /// <summary>The candidate withdrew (said so in the ATS): final, and not a rejection by the company.</summary>
    Withdrawn,
}

/// <summary>The legal moves between stages, and the words a person reads when a move is refused.</summary>
public static class ApplicationStages
{
    private static readonly Dictionary<ApplicationStage, ApplicationStage[]> Next = new()
    {
        [ApplicationStage.New] = [ApplicationStage.InterviewRequested, ApplicationStage.Rejected, ApplicationStage.Withdrawn],
        [ApplicationStage.InterviewRequested] = [ApplicationStage.InterviewAccepted, ApplicationStage.InterviewDeclined, ApplicationStage.Rejected, ApplicationStage.Withdrawn],
        [ApplicationStage.InterviewAccepted] = [ApplicationStage.Hired, ApplicationStage.Rejected, ApplicationStage.Withdrawn],
        [ApplicationStage.InterviewDeclined] = [],
        [ApplicationStage.Hired] = [],
        [ApplicationStage.Rejected] = [],
        [ApplicationStage.Withdrawn] = [],
    };

    public static bool CanMove(ApplicationStage from, ApplicationStage to) => Next[from].Contains(to);

    public static IReadOnlyList<ApplicationStage> AllowedFrom(ApplicationStage from) => Next[from];

    public static bool IsFinal(ApplicationStage stage) => Next[stage].Length == 0;

    public static string Label(this ApplicationStage stage) => stage switch
    {
        ApplicationStage.New => "New",
        ApplicationStage.InterviewRequested => "Interview requested",
        ApplicationStage.InterviewAccepted => "Interview accepted",
        ApplicationStage.InterviewDeclined => "Interview declined",
        ApplicationStage.Hired => "Hired",
        ApplicationStage.Rejected => "Rejected",
        ApplicationStage.Withdrawn => "Withdrawn",
        _ => stage.ToString(),
    };

    public static string RefusalMessage(ApplicationStage from, ApplicationStage to) =>
        IsFinal(from)
            ? $"This application is already {from.Label().ToLowerInvariant()}; it cannot move to {to.Label().ToLowerInvariant()}."
            : $"An application that is {from.Label().ToLowerInvariant()} cannot move to {to.Label().ToLowerInvariant()}. "
              + $"Allowed next: {string.Join(", ", AllowedFrom(from).Select(s => s.Label().ToLowerInvariant()))}.";
}
