namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>
/// What a recruiter does to an application in Greenhouse (advance, reject, hire), shared by the console and the v3
/// lifecycle endpoints. Callers hold the account's gate; each change fires the matching webhook.
/// </summary>
internal static class GreenhouseSandboxRecruiter
{
    /// <summary>Moves to <paramref name="toStageId"/>, or to the next stage when none is given (as Greenhouse does when it is blank).</summary>
    public static string? Advance(GreenhouseSandboxState state, GreenhouseSandboxAccount a, HvApplication app, long? toStageId)
    {
        if (app.Status != "in_process" || app.JobId is not { } jobId || !a.Stages.TryGetValue(jobId, out var stages)) return "The application is not active.";
        var index = stages.FindIndex(s => s.Id == app.JobInterviewStageId);
        var next = toStageId is { } id ? stages.FirstOrDefault(s => s.Id == id) : index + 1 < stages.Count ? stages[index + 1] : null;
        if (next is null) return "The application is already in the last stage.";
        Save(state, a, app with { JobInterviewStageId = next.Id, StageId = next.Id, StageName = next.Name }, "candidate_stage_change");
        return null;
    }

    public static string? Reject(GreenhouseSandboxState state, GreenhouseSandboxAccount a, HvApplication app, long? reasonId, string? note, long userId)
    {
        if (app.Status != "in_process") return "The application is not active.";
        var reason = reasonId is { } id && a.RejectionReasons.TryGetValue(id, out var r) ? r : a.RejectionReasons.Values.First();
        var now = state.Now();
        long? noteId = null;
        if (!string.IsNullOrWhiteSpace(note))
        {
            var n = new HvNote(GreenhouseSandboxAccount.NextId(), app.CandidateId, app.Id, userId, note, "private", now, now);
            a.Notes[n.Id] = n;
            noteId = n.Id;
        }
        var detail = new HvRejectionDetail(GreenhouseSandboxAccount.NextId(), app.Id, now, userId, reason.Id, noteId, new Dictionary<string, object?>(), now, now);
        a.RejectionDetails[detail.Id] = detail;
        // Greenhouse clears the stage of applications in a terminal state.
        Save(state, a, app with
        {
            Status = "rejected", RejectedAt = now, RejectionReasonId = reason.Id, JobInterviewStageId = null, StageId = null, StageName = null,
        }, "reject_candidate");
        return null;
    }

    public static string? Hire(GreenhouseSandboxState state, GreenhouseSandboxAccount a, HvApplication app)
    {
        if (app.Status != "in_process") return "The application is not active.";
        Save(state, a, app with { Status = "hired", JobInterviewStageId = null, StageId = null, StageName = null }, "hire_candidate");
        return null;
    }

    private static void Save(GreenhouseSandboxState state, GreenhouseSandboxAccount a, HvApplication app, string action)
    {
        var now = state.Now();
        app = app with { UpdatedAt = now, LastActivityAt = now };
        a.Applications[app.Id] = app;
        if (a.Candidates.TryGetValue(app.CandidateId, out var candidate))
        {
            a.Candidates[candidate.Id] = candidate with { UpdatedAt = now, LastActivityAt = now };
        }
        GreenhouseSandboxWebhooks.Fire(state, a, action, app);
    }
}
