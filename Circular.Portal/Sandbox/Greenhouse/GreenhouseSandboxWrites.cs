namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>Harvest v3 writes. No idempotency and no dedupe: every POST /v3/candidates makes a new person, as in Greenhouse.</summary>
internal static class GreenhouseSandboxWrites
{
    private static readonly HashSet<string> AttachmentTypes =
    [
        "resume", "cover_letter", "take_home_test", "offer_packet", "offer_letter", "signed_offer_letter", "midfunnel_agreement",
        "automated_agreement", "form_attachment", "other",
    ];

    public static void Map(IEndpointRouteBuilder v3, GreenhouseSandboxHarvest harvest, GreenhouseSandboxState state)
    {
        v3.MapPost("/candidates", Task<IResult> (HttpContext ctx) => harvest.WriteAsync<HvCandidateCreate>(ctx, "harvest:candidates:create", (a, g, b) =>
        {
            if (string.IsNullOrWhiteSpace(b!.FirstName) || string.IsNullOrWhiteSpace(b.LastName)) return Invalid("first_name", "first_name and last_name are required");
            if (b.Application is { } wanted && Refusal(a, wanted) is { } refusal) return refusal;
            var now = state.Now();
            var candidate = new HvCandidate(
                GreenhouseSandboxAccount.NextId(), b.FirstName.Trim(), b.LastName.Trim(), null, b.Company, b.Title, false, true,
                b.EmailAddresses ?? [], b.PhoneNumbers ?? [], b.Addresses ?? [], b.WebsiteAddresses ?? [], b.SocialMediaAddresses ?? [],
                [], [], new Dictionary<string, object?>(), now, now, now);
            a.Candidates[candidate.Id] = candidate;
            foreach (var name in (b.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct()) candidate = Tag(a, candidate, a.TagNamed(name, now), now);
            var app = b.Application is { } create ? NewApplication(a, candidate.Id, create, now) : null;
            object created = state.WrapCreatedCandidate ? new { candidate, application = app } : candidate;
            return Results.Json(created, HvJson.Options, statusCode: 201);
        }));

        v3.MapPost("/applications", Task<IResult> (HttpContext ctx) => harvest.WriteAsync<HvApplicationCreate>(ctx, "harvest:applications:create", (a, g, b) =>
        {
            if (b!.CandidateId is not { } candidateId || !a.Candidates.ContainsKey(candidateId)) return Invalid("candidate_id", "candidate not found");
            if (Refusal(a, b) is { } refusal) return refusal;
            if (a.Applications.Values.Any(p => p.CandidateId == candidateId && p.JobId == b.JobId))
            {
                return Invalid("job_id", "The candidate already has an application for this job");
            }
            return Results.Json(NewApplication(a, candidateId, b, state.Now()), HvJson.Options, statusCode: 201);
        }));

        v3.MapPost("/attachments", Task<IResult> (HttpContext ctx) => harvest.WriteAsync<HvAttachmentCreate>(ctx, "harvest:attachments:create", (a, g, b) =>
        {
            if (b!.ApplicationId is not { } appId || !a.Applications.TryGetValue(appId, out var app)) return Invalid("application_id", "application not found");
            if (string.IsNullOrWhiteSpace(b.Filename)) return Invalid("filename", "is required");
            if (b.Type is not { } type || !AttachmentTypes.Contains(type)) return Invalid("type", "must be one of " + string.Join(", ", AttachmentTypes));
            var bytes = 0;
            if (b.Content is { Length: > 0 } content)
            {
                try { bytes = Convert.FromBase64String(content).Length; }
                catch (FormatException) { return Invalid("content", "must be base64"); }
            }
            else if (!Uri.TryCreate(b.Url, UriKind.Absolute, out _)) return Invalid("content", "content (base64) or url is required");
            // An uploaded resume replaces the application's prior resume.
            if (type == "resume")
            {
                foreach (var old in a.Attachments.Values.Where(t => t.ApplicationId == appId && t.Type == "resume").ToList()) a.Attachments.Remove(old.Id);
            }
            var now = state.Now();
            var id = GreenhouseSandboxAccount.NextId();
            var attachment = new HvAttachment(id, appId, app.CandidateId, b.Filename, type,
                $"https://greenhouse-sandbox.invalid/attachments/{id}/{Uri.EscapeDataString(b.Filename)}", now, now)
            { ContentType = b.ContentType, ContentBytes = bytes, SourceUrl = b.Content is { Length: > 0 } ? null : b.Url };
            a.Attachments[id] = attachment;
            return Results.Json(attachment, HvJson.Options, statusCode: 201);
        }));

        v3.MapPost("/candidate_tags", Task<IResult> (HttpContext ctx) => harvest.WriteAsync<HvTagCreate>(ctx, "harvest:candidate_tags:create", (a, g, b) =>
        {
            if (string.IsNullOrWhiteSpace(b!.Name)) return Invalid("name", "is required");
            if (a.Tags.Values.Any(t => t.Name == b.Name)) return Invalid("name", "has already been taken");
            return Results.Json(a.TagNamed(b.Name, state.Now()), HvJson.Options, statusCode: 201);
        }));

        v3.MapPost("/applied_candidate_tags", Task<IResult> (HttpContext ctx) => harvest.WriteAsync<HvAppliedTagCreate>(ctx, "harvest:applied_candidate_tags:create", (a, g, b) =>
        {
            if (b!.CandidateId is not { } cid || !a.Candidates.TryGetValue(cid, out var candidate)) return Invalid("candidate_id", "candidate not found");
            if (b.CandidateTagId is not { } tid || !a.Tags.TryGetValue(tid, out var tag)) return Invalid("candidate_tag_id", "tag not found");
            if (candidate.Tags.Contains(tag.Name)) return Invalid("candidate_tag_id", "is already applied");
            var now = state.Now();
            Tag(a, candidate, tag, now);
            return Results.Json(a.AppliedTags.Values.Last(t => t.CandidateId == cid && t.CandidateTagId == tid), HvJson.Options, statusCode: 201);
        }));

        v3.MapPost("/notes", Task<IResult> (HttpContext ctx) => harvest.WriteAsync<HvNoteCreate>(ctx, "harvest:notes:create", (a, g, b) =>
        {
            if (b!.CandidateId is not { } cid || !a.Candidates.ContainsKey(cid)) return Invalid("candidate_id", "candidate not found");
            if (string.IsNullOrWhiteSpace(b.Body)) return Invalid("body", "is required");
            var now = state.Now();
            var note = new HvNote(GreenhouseSandboxAccount.NextId(), cid, b.ApplicationId, b.UserId ?? g.UserId, b.Body, b.Visibility ?? "public", now, now);
            a.Notes[note.Id] = note;
            return Results.Json(note, HvJson.Options, statusCode: 201);
        }));

        v3.MapPost("/applications/{id:long}/move", (HttpContext ctx, long id) => harvest.WriteAsync<HvMoveCreate>(ctx, "harvest:applications:move",
            (a, g, b) => Lifecycle(a, id, app => GreenhouseSandboxRecruiter.Advance(state, a, app, b?.ToStageId)), bodyRequired: false));
        v3.MapPost("/applications/{id:long}/reject", (HttpContext ctx, long id) => harvest.WriteAsync<HvRejectCreate>(ctx, "harvest:applications:reject",
            (a, g, b) => Lifecycle(a, id, app => GreenhouseSandboxRecruiter.Reject(state, a, app, b?.RejectionReasonId, b?.Notes, g.UserId)), bodyRequired: false));
        v3.MapPost("/applications/{id:long}/hire", (HttpContext ctx, long id) => harvest.WriteAsync<HvMoveCreate>(ctx, "harvest:applications:hire",
            (a, g, b) => Lifecycle(a, id, app => GreenhouseSandboxRecruiter.Hire(state, a, app)), bodyRequired: false));
    }

    private static IResult Lifecycle(GreenhouseSandboxAccount a, long id, Func<HvApplication, string?> act)
    {
        if (!a.Applications.TryGetValue(id, out var app)) return GreenhouseSandboxHarvest.Error(404, "Resource not found");
        return act(app) is { } problem ? Invalid("application", problem) : Results.NoContent();
    }

    private static IResult? Refusal(GreenhouseSandboxAccount a, HvApplicationCreate create)
    {
        if (create.JobId is not { } jobId || !a.Jobs.ContainsKey(jobId)) return Invalid("job_id", "job not found");
        if (create.SourceId is { } sourceId && !a.Sources.ContainsKey(sourceId)) return Invalid("source_id", "source not found");
        return null;
    }

    private static HvApplication NewApplication(GreenhouseSandboxAccount a, long candidateId, HvApplicationCreate create, DateTimeOffset now)
    {
        var stage = a.FirstStage(create.JobId);
        var post = a.JobPosts.Values.FirstOrDefault(p => p.JobId == create.JobId && p.Live);
        var app = new HvApplication(
            GreenhouseSandboxAccount.NextId(), candidateId, create.JobId, post?.Id, false, [], "in_process", stage?.Id, stage?.Id, stage?.Name,
            create.SourceId, null, create.RecruiterId, create.CoordinatorId, null, null, now, false, null, [], new Dictionary<string, object?>(), now, now);
        a.Applications[app.Id] = app;
        return app;
    }

    private static HvCandidate Tag(GreenhouseSandboxAccount a, HvCandidate candidate, HvTag tag, DateTimeOffset now)
    {
        var applied = new HvAppliedTag(GreenhouseSandboxAccount.NextId(), candidate.Id, tag.Id, now, now);
        a.AppliedTags[applied.Id] = applied;
        var tagged = candidate with { Tags = [.. candidate.Tags, tag.Name], UpdatedAt = now };
        a.Candidates[candidate.Id] = tagged;
        return tagged;
    }

    private static IResult Invalid(string field, string message) =>
        GreenhouseSandboxHarvest.Error(422, "Unprocessable Content", new Dictionary<string, string> { [field] = message });
}
