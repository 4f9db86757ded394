using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>
/// Teamtailor's JSON:API wire format, written from its public docs: kebab-case attributes, string ids, relationship
/// links always and resource linkage only for what the request asked to include.
/// </summary>
internal static class TeamtailorSandboxWire
{
    public const string MediaType = "application/vnd.api+json";

    /// <summary>Rails writes "+", "&lt;" and non-ASCII as they are; clients must cope with that, so the sandbox does the same.</summary>
    public static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTimeOffset at, string region) =>
        at.ToOffset(region == "na" ? TimeSpan.FromHours(-5) : TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static JsonObject Job(TtJob job, string api, string region, ISet<string> include) => Resource(job.Id, "jobs", api,
        new JsonObject
        {
            ["title"] = job.Title, ["body"] = job.Body, ["pitch"] = "Become part of something great!",
            ["status"] = job.Status, ["human-status"] = job.HumanStatus, ["internal"] = false, ["pinned"] = false,
            ["remote-status"] = job.RemoteStatus, ["employment-type"] = job.EmploymentType, ["employment-level"] = "none",
            ["tags"] = new JsonArray(job.Tags.Select(t => (JsonNode)t).ToArray()),
            ["start-date"] = null, ["end-date"] = null,
            ["created-at"] = Time(job.CreatedAt, region), ["updated-at"] = Time(job.UpdatedAt, region),
        },
        Relationships("jobs", job.Id, api, include,
            ("department", ("departments", job.DepartmentId)), ("locations", ("locations", job.LocationId)), ("stages", null), ("user", null)),
        new JsonObject { ["careersite-job-url"] = $"https://career.example-sandbox.test/jobs/{job.Id}", ["careersite-job-apply-url"] = $"https://career.example-sandbox.test/jobs/{job.Id}/applications/new" });

    public static JsonObject Department(TtJob job, string api) =>
        Resource(job.DepartmentId, "departments", api, new JsonObject { ["name"] = job.Department }, null, null);

    public static JsonObject Location(TtJob job, string api) => Resource(job.LocationId, "locations", api,
        new JsonObject { ["name"] = job.Location, ["city"] = job.City, ["country"] = job.Country, ["headquarters"] = job.LocationId == "501" }, null, null);

    public static JsonObject Candidate(TtCandidate c, string api, string region) => Resource(c.Id, "candidates", api,
        new JsonObject
        {
            ["first-name"] = c.FirstName, ["last-name"] = c.LastName, ["email"] = c.Email, ["phone"] = c.Phone, ["pitch"] = c.Pitch,
            ["linkedin-url"] = c.LinkedInUrl, ["linkedin-uid"] = null, ["resume"] = c.Resume, ["original-resume"] = c.Resume,
            ["referring-site"] = c.ReferringSite, ["referring-url"] = null, ["referred"] = false, ["sourced"] = c.Sourced,
            ["unsubscribed"] = false, ["connected"] = false, ["tags"] = new JsonArray(c.Tags.Select(t => (JsonNode)t).ToArray()),
            ["created-at"] = Time(c.CreatedAt, region), ["updated-at"] = Time(c.UpdatedAt, region),
        },
        Relationships("candidates", c.Id, api, new HashSet<string>(), ("job-applications", null), ("activities", null)), null);

    public static JsonObject Application(TtApplication a, string api, string region, ISet<string> include) => Resource(a.Id, "job-applications", api,
        new JsonObject
        {
            ["created-at"] = Time(a.CreatedAt, region), ["updated-at"] = Time(a.UpdatedAt, region),
            ["changed-stage-at"] = Time(a.ChangedStageAt, region),
            ["rejected-at"] = a.RejectedAt is { } r ? Time(r, region) : null, ["reject-reason"] = a.RejectReason,
            ["cover-letter"] = a.CoverLetter, ["sourced"] = a.Sourced, ["referring-site"] = null, ["referring-url"] = null,
        },
        Relationships("job-applications", a.Id, api, include,
            ("candidate", ("candidates", a.CandidateId)), ("job", ("jobs", a.JobId)), ("stage", ("stages", a.StageId)),
            ("reject-reason", a.RejectReasonId is null ? null : ("reject-reasons", a.RejectReasonId))), null);

    public static JsonObject Stage(TtStage s, string api) => Resource(s.Id, "stages", api,
        new JsonObject { ["name"] = s.Name, ["row-order"] = s.RowOrder, ["legacy-stage-type-name"] = s.StageType }, null, null);

    public static JsonObject RejectReason(string id, string reason, string api) => Resource(id, "reject-reasons", api,
        new JsonObject { ["reason"] = reason, ["rejected-by-company"] = true }, null, null);

    public static JsonObject Company(TtAccount account, string api) => Resource(account.Uuid, "companies", api,
        new JsonObject { ["name"] = account.Name, ["locale"] = "en", ["website"] = "https://career.example-sandbox.test" }, null, null);

    public static JsonObject Error(int status, string title, string detail, string? pointer = null)
    {
        var error = new JsonObject { ["status"] = status.ToString(CultureInfo.InvariantCulture), ["title"] = title, ["detail"] = detail };
        if (pointer is not null) error["source"] = new JsonObject { ["pointer"] = pointer };
        return new JsonObject { ["errors"] = new JsonArray(error) };
    }

    private static JsonObject Resource(string id, string type, string api, JsonObject attributes, JsonObject? relationships, JsonObject? extraLinks)
    {
        var links = new JsonObject { ["self"] = $"{api}/{type}/{id}" };
        foreach (var (name, value) in extraLinks ?? []) links[name] = value?.DeepClone();
        var resource = new JsonObject { ["id"] = id, ["type"] = type, ["links"] = links, ["attributes"] = attributes };
        if (relationships is not null) resource["relationships"] = relationships;
        return resource;
    }

    private static JsonObject Relationships(string type, string id, string api, ISet<string> include, params (string Name, (string Type, string Id)? Target)[] relations)
    {
        var result = new JsonObject();
        foreach (var (name, target) in relations)
        {
            var relation = new JsonObject
            {
                ["links"] = new JsonObject { ["self"] = $"{api}/{type}/{id}/relationships/{name}", ["related"] = $"{api}/{type}/{id}/{name}" },
            };
            // JSON:API servers send linkage only for included relationships; providers must not rely on it otherwise.
            if (include.Contains(name))
            {
                relation["data"] = target is { } t
                    ? name == "locations" ? new JsonArray(Linkage(t)) : Linkage(t)
                    : null;
            }
            result[name] = relation;
        }
        return result;
    }

    private static JsonObject Linkage((string Type, string Id) t) => new() { ["type"] = t.Type, ["id"] = t.Id };
}
