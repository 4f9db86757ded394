namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>What a recruiter does in Teamtailor's pipeline view: move to the next stage, reject with a reason, hire.</summary>
internal static class TeamtailorSandboxRecruiter
{
    private static int _nextReason;

    public static (string Message, (byte[] Body, Dictionary<string, string> Headers)? Webhook) Act(
        TtAccount account, string candidateId, SandboxRecruiterAction action, DateTimeOffset now)
    {
        lock (account.Sync)
        {
            var application = account.Applications.Where(a => a.CandidateId == candidateId).MaxBy(a => a.CreatedAt)
                ?? throw new InvalidOperationException($"Candidate {candidateId} has no job application in this account.");
            var stages = account.Stages.OrderBy(s => s.RowOrder).ToList();
            var current = stages.First(s => s.Id == application.StageId);
            string message;
            switch (action)
            {
                case SandboxRecruiterAction.Advance:
                    var next = stages.FirstOrDefault(s => s.RowOrder > current.RowOrder) ?? current;
                    Move(application, next, now);
                    message = $"Moved application {application.Id} to {next.Name}.";
                    break;
                case SandboxRecruiterAction.Reject:
                    var (reasonId, reason) = TeamtailorSandboxSeed.RejectReasons[Interlocked.Increment(ref _nextReason) % TeamtailorSandboxSeed.RejectReasons.Length];
                    application.RejectedAt = now;
                    application.RejectReason = reason;
                    application.RejectReasonId = reasonId;
                    application.UpdatedAt = now;
                    message = $"Rejected application {application.Id}: {reason}.";
                    break;
                case SandboxRecruiterAction.Hire:
                    var hired = stages.Last(s => s.StageType == "Hired");
                    Move(application, hired, now);
                    message = $"Hired: application {application.Id} moved to {hired.Name}.";
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(action));
            }
            if (account.Webhook is not { } webhook) return (message, null);
            var data = TeamtailorSandboxWebhooks.ApplicationData(account, application, account.Region);
            return (message, TeamtailorSandboxWebhooks.Sign("job_application.update", data, webhook.SignatureKey, now));
        }
    }

    private static void Move(TtApplication application, TtStage stage, DateTimeOffset now)
    {
        application.StageId = stage.Id;
        application.ChangedStageAt = now;
        application.UpdatedAt = now;
    }
}
