using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Teamtailor.TeamtailorSandboxGate;
using static Circular.Portal.Sandbox.Teamtailor.TeamtailorSandboxQuery;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>The read side of the emulated API: company, jobs, candidates and job applications, each below /{region}/v1.</summary>
internal static class TeamtailorSandboxReads
{
    public static void Map(IEndpointRouteBuilder vendorRoot, TeamtailorEmulator emulator)
    {
        var api = vendorRoot.MapGroup("/{region}/v1");

        api.MapGet("/company", async (HttpContext http, string region) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.Read);
            if (call is null) return failure!;
            return Json(new JsonObject { ["data"] = TeamtailorSandboxWire.Company(call.Account, call.Api) });
        });

        api.MapGet("/jobs", async (HttpContext http, string region) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.Read);
            if (call is null) return failure!;
            if (!TryRange(http, "updated-at", out var from, out var to)) return BadFilter("updated-at");
            var status = Filter(http, "status")?.ToLowerInvariant() ?? "published";
            if (status is not ("all" or "published" or "open" or "draft" or "archived" or "unlisted")) return BadFilter("status");
            if (status == "all" && call.Account.RefusesStatusAll) return BadFilter("status");
            var department = Filter(http, "department");
            var include = Include(http);
            lock (call.Account.Sync)
            {
                var jobs = call.Account.Jobs
                    // Public keys see the career site only, whatever the filter asks for.
                    .Where(j => call.Key.Scope != TeamtailorKeyScope.Public || j.Status == "open")
                    .Where(j => status == "all" || j.HumanStatus == status || j.Status == status)
                    .Where(j => department is null || j.DepartmentId == department)
                    .Where(j => InRange(j.UpdatedAt, from, to))
                    .OrderBy(j => j.Id, StringComparer.Ordinal)
                    .ToList();
                return Page(http, jobs, j => TeamtailorSandboxWire.Job(j, call.Api, call.Region, include), page => JobIncludes(page, include, call.Api));
            }
        });

        api.MapGet("/jobs/{id}", async (HttpContext http, string region, string id) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.Read);
            if (call is null) return failure!;
            var include = Include(http);
            lock (call.Account.Sync)
            {
                var job = call.Account.Jobs.FirstOrDefault(j => j.Id == id);
                if (job is null) return NotFound();
                return Json(new JsonObject { ["data"] = TeamtailorSandboxWire.Job(job, call.Api, call.Region, include), ["included"] = JobIncludes([job], include, call.Api) });
            }
        });

        api.MapGet("/candidates", async (HttpContext http, string region) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.AdminRead);
            if (call is null) return failure!;
            if (!TryRange(http, "updated-at", out var from, out var to)) return BadFilter("updated-at");
            var email = Filter(http, "email");
            lock (call.Account.Sync)
            {
                var candidates = call.Account.Candidates
                    .Where(c => email is null || string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase))
                    .Where(c => InRange(c.UpdatedAt, from, to))
                    .ToList();
                return Page(http, candidates, c => TeamtailorSandboxWire.Candidate(c, call.Api, call.Region));
            }
        });

        api.MapGet("/candidates/{id}", async (HttpContext http, string region, string id) =>
        {
            var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.AdminRead);
            if (call is null) return failure!;
            lock (call.Account.Sync)
            {
                var candidate = call.Account.Candidates.FirstOrDefault(c => c.Id == id);
                return candidate is null ? NotFound() : Json(new JsonObject { ["data"] = TeamtailorSandboxWire.Candidate(candidate, call.Api, call.Region) });
            }
        });

        api.MapGet("/candidates/{id}/job-applications", (HttpContext http, string region, string id) => ApplicationsAsync(http, region, emulator, id));
        api.MapGet("/job-applications", (HttpContext http, string region) => ApplicationsAsync(http, region, emulator, null));
    }

    private static async Task<IResult> ApplicationsAsync(HttpContext http, string region, TeamtailorEmulator emulator, string? candidateInPath)
    {
        var (call, failure) = await EnterAsync(http, region, emulator, TtNeed.AdminRead);
        if (call is null) return failure!;
        if (!TryRange(http, "updated-at", out var from, out var to)) return BadFilter("updated-at");
        if (!TryRange(http, "changed-stage-at", out var stageFrom, out _)) return BadFilter("changed-stage-at");
        var candidate = candidateInPath ?? Filter(http, "candidate");
        var job = Filter(http, "job");
        var stageType = Filter(http, "stage-type");
        var include = Include(http);
        lock (call.Account.Sync)
        {
            var account = call.Account;
            if (candidateInPath is not null && account.Candidates.All(c => c.Id != candidateInPath)) return NotFound();
            var applications = account.Applications
                .Where(a => candidate is null || a.CandidateId == candidate)
                .Where(a => job is null || a.JobId == job)
                .Where(a => stageType is null || string.Equals(account.Stages.First(s => s.Id == a.StageId).StageType, stageType, StringComparison.OrdinalIgnoreCase))
                .Where(a => InRange(a.UpdatedAt, from, to) && InRange(a.ChangedStageAt, stageFrom, null))
                .OrderBy(a => a.UpdatedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
                .ToList();
            return Page(http, applications, a => TeamtailorSandboxWire.Application(a, call.Api, call.Region, include), page =>
            {
                var included = new JsonArray();
                foreach (var a in page)
                {
                    if (include.Contains("candidate")) included.Add(TeamtailorSandboxWire.Candidate(account.Candidates.First(c => c.Id == a.CandidateId), call.Api, call.Region));
                    // A deleted job is not side-loaded; the relationship still names its id.
                    if (include.Contains("job") && account.Jobs.FirstOrDefault(j => j.Id == a.JobId) is { } job)
                    {
                        included.Add(TeamtailorSandboxWire.Job(job, call.Api, call.Region, new HashSet<string>()));
                    }
                    if (include.Contains("stage")) included.Add(TeamtailorSandboxWire.Stage(account.Stages.First(s => s.Id == a.StageId), call.Api));
                    if (include.Contains("reject-reason") && a.RejectReasonId is not null)
                    {
                        included.Add(TeamtailorSandboxWire.RejectReason(a.RejectReasonId, a.RejectReason ?? "", call.Api));
                    }
                }
                return Distinct(included);
            });
        }
    }

    private static JsonArray JobIncludes(IReadOnlyList<TtJob> page, ISet<string> include, string api)
    {
        var included = new JsonArray();
        foreach (var job in page)
        {
            if (include.Contains("department")) included.Add(TeamtailorSandboxWire.Department(job, api));
            if (include.Contains("locations") || include.Contains("location")) included.Add(TeamtailorSandboxWire.Location(job, api));
        }
        return Distinct(included);
    }

    /// <summary>JSON:API lists each included resource once, however many records point at it.</summary>
    private static JsonArray Distinct(JsonArray included) =>
        new(included.OfType<JsonObject>()
            .GroupBy(r => (r["type"]!.GetValue<string>(), r["id"]!.GetValue<string>()))
            .Select(g => (JsonNode)g.First().DeepClone())
            .ToArray());

    private static IResult BadFilter(string name) => Fail(400, "Invalid filter value", $"The value of filter[{name}] is not valid.");

    private static IResult NotFound() => Fail(404, "Record not found", "The record identified could not be found.");
}
