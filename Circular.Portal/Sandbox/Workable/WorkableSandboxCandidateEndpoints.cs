using System.Text.Json;
using static Circular.Portal.Sandbox.Workable.WorkableSandboxApi;

namespace Circular.Portal.Sandbox.Workable;

internal static class WorkableSandboxCandidateEndpoints
{
    public static IResult List(WorkableCall call)
    {
        var q = call.Query;
        var email = q["email"].ToString().Trim();
        var shortcode = q["shortcode"].ToString();
        var stage = q["stage"].ToString();
        var createdAfter = WorkableSandboxPaging.Time(q, "created_after");
        var updatedAfter = WorkableSandboxPaging.Time(q, "updated_after");
        lock (call.Account)
        {
            var candidates = call.Account.Candidates
                .Where(c => email.Length == 0 || c.Email.Equals(email, StringComparison.OrdinalIgnoreCase))
                .Where(c => shortcode.Length == 0 || c.Job.Shortcode == shortcode)
                .Where(c => stage.Length == 0 || c.StageSlug == stage)
                .Where(c => createdAfter is null || c.CreatedAt > createdAfter)
                .Where(c => updatedAfter is null || c.UpdatedAt > updatedAfter);
            return Json(WorkableSandboxPaging.Page(call.Http, "candidates", candidates, c => c.Number,
                c => WorkableSandboxProjection.Summary(call.Account, c)));
        }
    }

    public static IResult Show(WorkableCall call)
    {
        lock (call.Account)
        {
            return Find(call) is { } c
                ? Json(new { candidate = WorkableSandboxProjection.Detail(call.Account, c, call.Account.PublicRoot) })
                : Error(404, "Not found");
        }
    }

    /// <summary>
    /// Posting the same email to the same job again makes a second candidate: Workable documents no merge, so the
    /// emulator takes the worst reading and only a provider that looks first avoids a duplicate.
    /// </summary>
    public static async Task<IResult> CreateAsync(WorkableCall call)
    {
        var body = await ReadAsync<WireCreateCandidate>(call);
        var shortcode = call.Http.GetRouteValue("shortcode") as string;
        WorkableCandidateState created;
        lock (call.Account)
        {
            var job = call.Account.Jobs.FirstOrDefault(j => j.Shortcode == shortcode);
            if (job is null) return Error(404, "Not found");
            if (job.State == "archived") throw new WorkableSandboxInvalid("Validation failed: the job is archived");
            created = NewCandidate(call, job, body?.Candidate ?? throw new WorkableSandboxInvalid("Validation failed: candidate is missing"), body.Sourced ?? true);
            call.Account.Candidates.Add(created);
        }
        call.Store.Fire(call.Account, created, WorkableSandboxStore.CreatedEvent);
        lock (call.Account)
        {
            return Json(new WireCreated("created", WorkableSandboxProjection.Detail(call.Account, created, call.Account.PublicRoot)), 201);
        }
    }

    private static WorkableCandidateState NewCandidate(WorkableCall call, WorkableJobState job, WireNewCandidate input, bool sourced)
    {
        var email = input.Email?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@')) throw new WorkableSandboxInvalid("Validation failed: Email can't be blank");
        var (first, last) = Names(input);
        byte[]? resume = null;
        if (input.Resume is { } file)
        {
            if (string.IsNullOrWhiteSpace(file.Name)) throw new WorkableSandboxInvalid("Validation failed: resume name can't be blank");
            try { resume = Convert.FromBase64String(file.Data ?? ""); }
            catch (FormatException) { throw new WorkableSandboxInvalid("Validation failed: resume data is not valid base64"); }
        }
        var stage = call.Query["stage"].ToString() is { Length: > 0 } slug ? slug : sourced ? "sourced" : "applied";
        if (WorkablePipeline.Stages.All(s => s.Slug != stage)) throw new WorkableSandboxInvalid($"Validation failed: unknown stage {stage}");
        var now = call.Store.Clock.GetUtcNow();
        return new WorkableCandidateState
        {
            Number = 0x27270000L + call.Account.NextCandidate++,
            Job = job,
            Firstname = first,
            Lastname = last,
            Email = email,
            Headline = input.Headline,
            Summary = input.Summary,
            Address = input.Address,
            Phone = input.Phone,
            CoverLetter = input.CoverLetter,
            Domain = input.Domain,
            Sourced = sourced,
            Tags = (input.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList(),
            SocialProfiles = (input.SocialProfiles ?? [])
                .Where(p => !string.IsNullOrWhiteSpace(p.Type) && !string.IsNullOrWhiteSpace(p.Url))
                .Select(p => (p.Type!.Trim().ToLowerInvariant(), p.Url!.Trim())).ToList(),
            ResumeUrlReceived = input.ResumeUrl,
            ResumeFileName = input.Resume?.Name,
            ResumeData = resume,
            StageSlug = stage,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static (string First, string Last) Names(WireNewCandidate input)
    {
        if (!string.IsNullOrWhiteSpace(input.Firstname) && !string.IsNullOrWhiteSpace(input.Lastname)) return (input.Firstname.Trim(), input.Lastname.Trim());
        if (string.IsNullOrWhiteSpace(input.Name)) throw new WorkableSandboxInvalid("Validation failed: give name, or firstname and lastname");
        var parts = input.Name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return (parts[0], parts.Length > 1 ? parts[1] : "");
    }

    public static async Task<IResult> DisqualifyAsync(WorkableCall call)
    {
        var body = await ReadAsync<WireDisqualify>(call) ?? new WireDisqualify(null, null, null, null, null);
        lock (call.Account)
        {
            if (Find(call) is null) return Error(404, "Not found");
        }
        var reason = WorkablePipeline.Reasons.FirstOrDefault(r => r.Id == body.DisqualifyReasonId);
        if (body.DisqualifyReasonId is not null && reason is null) throw new WorkableSandboxInvalid("Validation failed: unknown disqualify_reason_id");
        var text = reason?.Description ?? body.DisqualificationReason ?? body.DisqualifyNote;
        call.Store.Apply(call.Account, Id(call), SandboxRecruiterAction.Reject, text, body.Withdrew ?? reason?.CandidateWithdrew ?? false);
        return Results.Text("Candidate disqualified", "text/plain");
    }

    public static async Task<IResult> MoveAsync(WorkableCall call)
    {
        var body = await ReadAsync<WireMove>(call);
        var target = WorkablePipeline.Stages.FirstOrDefault(s => s.Slug == body?.TargetStage)
            ?? throw new WorkableSandboxInvalid("Validation failed: target_stage must be a stage slug");
        WorkableCandidateState? candidate;
        lock (call.Account)
        {
            candidate = Find(call);
            if (candidate is null) return Error(404, "Not found");
            if (candidate.Disqualified) throw new WorkableSandboxInvalid("Validation failed: the candidate is disqualified");
            WorkableSandboxStore.Move(candidate, target.Slug, call.Store.Clock.GetUtcNow());
        }
        call.Store.Fire(call.Account, candidate, WorkableSandboxStore.MovedEvent);
        return Results.Text("Candidate moved", "text/plain");
    }

    /// <summary>The uploaded CV, like the signed link Workable hands out for its own copy.</summary>
    public static IResult File(WorkableSandboxStore store, HttpContext ctx)
    {
        if (store.Find(ctx.GetRouteValue("subdomain") as string ?? "") is not { } account) return Error(404, "Not found");
        lock (account)
        {
            var candidate = account.Candidates.FirstOrDefault(c => c.Id == ctx.GetRouteValue("id") as string);
            return candidate?.ResumeData is { } data
                ? Results.File(data, "application/octet-stream", candidate.ResumeFileName)
                : Error(404, "Not found");
        }
    }

    private static string Id(WorkableCall call) => call.Http.GetRouteValue("id") as string ?? "";

    private static WorkableCandidateState? Find(WorkableCall call) => call.Account.Candidates.FirstOrDefault(c => c.Id == Id(call));

    private static async Task<T?> ReadAsync<T>(WorkableCall call)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(call.Http.Request.Body, WorkableWireJson.Options, call.Http.RequestAborted);
        }
        catch (JsonException)
        {
            throw new WorkableSandboxInvalid("Invalid JSON body");
        }
    }
}
