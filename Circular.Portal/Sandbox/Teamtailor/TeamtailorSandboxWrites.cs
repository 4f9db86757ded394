using System.Text.Json;
using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Teamtailor.TeamtailorSandboxGate;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>
/// Creating candidates and job applications as Teamtailor does: JSON:API media type, only known attributes
/// (unknown ones are refused, as a JSON:API server refuses them), unique email unless merge or sourced.
/// </summary>
internal static class TeamtailorSandboxWrites
{
    private static readonly HashSet<string> CandidateAttributes =
        ["first-name", "last-name", "email", "phone", "pitch", "linkedin-url", "resume", "tags", "sourced", "merge", "referring-site", "send-welcome-message"];

    private static readonly HashSet<string> ApplicationAttributes =
        ["cover-letter", "sourced", "send-user-notifications", "send-default-reply", "referring-site", "referring-url"];

    public static void Map(IEndpointRouteBuilder vendorRoot, TeamtailorEmulator emulator)
    {
        var api = vendorRoot.MapGroup("/{region}/v1");
        api.MapPost("/candidates", (HttpContext http, string region) => CreateAsync(http, region, emulator, "candidates", CandidateAttributes, CreateCandidate));
        api.MapPost("/job-applications", (HttpContext http, string region) => CreateAsync(http, region, emulator, "job-applications", ApplicationAttributes, CreateApplication));
    }

    private delegate IResult Create(TtCall call, TeamtailorEmulator emulator, JsonObject attributes, JsonObject? relationships);

    private static async Task<IResult> CreateAsync(HttpContext http, string region, TeamtailorEmulator emulator, string type, HashSet<string> allowed, Create create)
    {
        var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.AdminWrite);
        if (call is null) return failure!;
        if (!(http.Request.ContentType ?? "").StartsWith(TeamtailorSandboxWire.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(415, "Unsupported media type", $"All requests that create or update must use the '{TeamtailorSandboxWire.MediaType}' Content-Type.");
        }
        JsonObject? data;
        try
        {
            data = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))?["data"] as JsonObject;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Fail(400, "Bad Request", "The request body is not valid JSON.");
        }
        if (data is null || Text(data, "type") != type) return Fail(400, "Invalid resource", $"The resource type must be '{type}'.", "/data/type");
        var attributes = data["attributes"] as JsonObject ?? [];
        var unknown = attributes.Select(a => a.Key).FirstOrDefault(k => !allowed.Contains(k));
        if (unknown is not null) return Fail(400, "Param not allowed", $"{unknown} is not allowed.", $"/data/attributes/{unknown}");
        lock (call.Account.Sync)
        {
            return create(call, emulator, attributes, data["relationships"] as JsonObject);
        }
    }

    private static IResult CreateCandidate(TtCall call, TeamtailorEmulator emulator, JsonObject a, JsonObject? relationships)
    {
        var now = emulator.Clock.GetUtcNow();
        var email = Text(a, "email");
        var sourced = Flag(a, "sourced");
        if (email is null && !sourced) return Fail(422, "Unprocessable Entity", "Email can't be blank", "/data/attributes/email");
        var existing = email is null ? null : call.Account.Candidates.FirstOrDefault(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));
        if (existing is not null && !Flag(a, "merge"))
        {
            return Fail(422, "Unprocessable Entity", "Email has already been taken", "/data/attributes/email");
        }
        var candidate = existing ?? new TtCandidate { Id = emulator.NextCandidateId(), CreatedAt = now };
        candidate.FirstName = Text(a, "first-name") ?? candidate.FirstName;
        candidate.LastName = Text(a, "last-name") ?? candidate.LastName;
        candidate.Email = email ?? candidate.Email;
        candidate.Phone = Text(a, "phone") ?? candidate.Phone;
        candidate.Pitch = Text(a, "pitch") ?? candidate.Pitch;
        candidate.LinkedInUrl = Text(a, "linkedin-url") ?? candidate.LinkedInUrl;
        if (Text(a, "resume") is { } resume)
        {
            candidate.Resume = resume;
            var account = call.Account;
            emulator.Cvs.FetchLater(resume, download =>
            {
                lock (account.Sync) candidate.ResumeDownload = download;
            });
        }
        candidate.ReferringSite = Text(a, "referring-site") ?? candidate.ReferringSite;
        candidate.Sourced |= sourced;
        foreach (var tag in (a["tags"] as JsonArray ?? []).OfType<JsonValue>().Select(t => t.TryGetValue<string>(out var s) ? s : null).OfType<string>())
        {
            if (!candidate.Tags.Contains(tag)) candidate.Tags.Add(tag);
        }
        candidate.UpdatedAt = now;
        if (existing is null) call.Account.Candidates.Add(candidate);
        else candidate.MergeCount++;
        return Json(new JsonObject { ["data"] = TeamtailorSandboxWire.Candidate(candidate, call.Api, call.Region) }, 201);
    }

    private static IResult CreateApplication(TtCall call, TeamtailorEmulator emulator, JsonObject a, JsonObject? relationships)
    {
        var account = call.Account;
        var candidateId = LinkedId(relationships, "candidate");
        var jobId = LinkedId(relationships, "job");
        if (candidateId is null || account.Candidates.All(c => c.Id != candidateId))
        {
            return Fail(422, "Unprocessable Entity", "Candidate must exist", "/data/relationships/candidate");
        }
        if (jobId is null || account.Jobs.All(j => j.Id != jobId)) return Fail(422, "Unprocessable Entity", "Job must exist", "/data/relationships/job");
        if (account.Applications.Any(x => x.CandidateId == candidateId && x.JobId == jobId))
        {
            return Fail(422, "Unprocessable Entity", "Candidate has already applied to this job", "/data/relationships/candidate");
        }
        var now = emulator.Clock.GetUtcNow();
        var application = new TtApplication
        {
            Id = emulator.NextApplicationId(),
            CandidateId = candidateId,
            JobId = jobId,
            StageId = account.Stages.MinBy(s => s.RowOrder)!.Id,
            CoverLetter = Text(a, "cover-letter"),
            Sourced = Flag(a, "sourced"),
            CreatedAt = now,
            UpdatedAt = now,
            ChangedStageAt = now,
        };
        account.Applications.Add(application);
        return Json(new JsonObject { ["data"] = TeamtailorSandboxWire.Application(application, call.Api, call.Region, new HashSet<string>()) }, 201);
    }

    private static bool Flag(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>Resource linkage ids may come as strings (JSON:API) or numbers (Teamtailor's own examples).</summary>
    private static string? LinkedId(JsonObject? relationships, string name) => relationships?[name]?["data"]?["id"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
