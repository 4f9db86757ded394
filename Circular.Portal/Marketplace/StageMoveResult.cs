namespace Circular.Portal.Marketplace;

public enum StageMoveOutcome { Moved, AlreadyThere, NotFound, Refused, Conflict }

/// <summary>What happened to a requested stage move, with a message a person can read.</summary>
public sealed record StageMoveResult(StageMoveOutcome Outcome, string Message, ApplicationStage? Stage = null)
{
    public bool Succeeded => Outcome is StageMoveOutcome.Moved or StageMoveOutcome.AlreadyThere;

    public static StageMoveResult NotFound() => new(StageMoveOutcome.NotFound, "That application does not exist.");
}
