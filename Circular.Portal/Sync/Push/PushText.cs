using System.Globalization;

namespace Circular.Portal.Sync.Push;

/// <summary>The sentences the timeline, inbox chip and dead-letter list show, in one place.</summary>
public static class PushText
{
    public static string Waiting(PushWaitReason reason, string? vendor) => reason switch
    {
        PushWaitReason.NoLink => "Waiting: map this job to an ATS job",
        PushWaitReason.LinkHoldsCandidates => "Waiting: the ATS job this job is mapped to is closed or deleted; reopen it or map another",
        PushWaitReason.NoConnection => "Waiting: connect the ATS this job is mapped to",
        PushWaitReason.NeedsReauth => $"Waiting: reconnect {vendor ?? "the ATS"}",
        _ => "Waiting",
    };

    public static string Status(CandidatePush push, string? vendor, DateTimeOffset? rateLimitedUntil = null) => push.State switch
    {
        PushState.Waiting when push.WaitingReason is { } reason => Waiting(reason, vendor),
        PushState.Waiting => "Waiting",
        PushState.Queued when rateLimitedUntil is { } until => $"Queued: {vendor} asked us to wait until {Time(until)}",
        PushState.Queued when push.Attempts > 0 && push.NextAttemptAt is { } next =>
            $"Sending: attempt {push.Attempts} failed, next try at {Time(next)}",
        PushState.Queued => "Queued",
        PushState.Sending => $"Sending (attempt {push.Attempts})",
        PushState.Sent when push.Result == PushResultKind.AlreadyInAtsNotOurs => $"Already in {vendor} for this job",
        PushState.Sent => $"In {vendor}",
        PushState.DeadLettered => $"Failed: {push.LastError}",
        PushState.Discarded => "Discarded",
        _ => push.State.ToString(),
    };

    public static PushChip Chip(CandidatePush push, string? vendor) => push.State switch
    {
        PushState.Sent when push.Result == PushResultKind.AlreadyInAtsNotOurs => new(push.Id, push.State, $"Already in {vendor}", Status(push, vendor)),
        PushState.Sent => new(push.Id, push.State, $"In {vendor}", null),
        PushState.DeadLettered => new(push.Id, push.State, "Failed", push.LastError),
        PushState.Waiting => new(push.Id, push.State, "Waiting", Status(push, vendor)),
        PushState.Sending => new(push.Id, push.State, "Sending", null),
        PushState.Discarded => new(push.Id, push.State, "Discarded", null),
        _ => new(push.Id, push.State, "Queued", push.Attempts > 0 ? Status(push, vendor) : null),
    };

    public static string Sent(PushResultKind result, string vendor, string candidateName) => result switch
    {
        PushResultKind.Created => $"In {vendor} as {candidateName}",
        PushResultKind.FoundEarlierPush => $"In {vendor} as {candidateName} (found the record an earlier attempt created)",
        PushResultKind.NewApplicationOnExistingPerson => $"In {vendor} as {candidateName}: {vendor} already knew this person, so it added this job to their existing record",
        PushResultKind.AlreadyInAtsNotOurs => $"Already in {vendor} for this job: {candidateName} had applied there without Circular, so nothing was added",
        _ => $"In {vendor}",
    };

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
