using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>
/// Greenhouse Recruiting webhooks as configured in Dev Center: a v1-shaped body <c>{ action, payload: { application } }</c>,
/// <c>Signature: sha256 &lt;hex HMAC-SHA256(secret, body)&gt;</c> and a <c>Greenhouse-Event-ID</c> per delivery.
/// </summary>
internal static class GreenhouseSandboxWebhooks
{
    public static void Fire(GreenhouseSandboxState state, GreenhouseSandboxAccount a, string action, HvApplication app)
    {
        if (a.Webhooks.Count == 0) return;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { action, payload = new { application = Application(state, a, action, app) } }, HvJson.Options);
        foreach (var (url, secret) in a.Webhooks) Send(state, url, secret, body);
    }

    /// <summary>Greenhouse pings a webhook when it is saved.</summary>
    public static void Ping(GreenhouseSandboxState state, Uri url, string secret) =>
        Send(state, url, secret, JsonSerializer.SerializeToUtf8Bytes(new { action = "ping", payload = new { web_hook_id = GreenhouseSandboxAccount.NextId() } }, HvJson.Options));

    public static string Sign(string secret, byte[] body) =>
        "sha256 " + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static void Send(GreenhouseSandboxState state, Uri url, string secret, byte[] body) =>
        state.Sender.Send("greenhouse", url, body, new Dictionary<string, string>
        {
            ["Signature"] = Sign(secret, body),
            ["Greenhouse-Event-ID"] = Guid.NewGuid().ToString(),
        });

    private static object Application(GreenhouseSandboxState state, GreenhouseSandboxAccount a, string action, HvApplication app)
    {
        var candidate = a.Candidates[app.CandidateId];
        var job = app.JobId is { } jobId ? a.Jobs.GetValueOrDefault(jobId) : null;
        var reason = app.RejectionReasonId is { } rid ? a.RejectionReasons.GetValueOrDefault(rid) : null;
        var source = app.SourceId is { } sid ? a.Sources.GetValueOrDefault(sid) : null;
        var now = state.Now();
        return new
        {
            id = app.Id,
            rejected_at = app.RejectedAt,
            prospect = app.Prospect,
            status = app.Status == "in_process" ? "active" : app.Status,
            applied_at = app.CreatedAt,
            last_activity_at = app.LastActivityAt,
            url = $"https://app.greenhouse.io/people/{candidate.Id}?application_id={app.Id}",
            source = source is null ? null : new { id = source.Id, public_name = source.Name },
            credited_to = (object?)null,
            rejection_reason = reason is null ? null : new { id = reason.Id, name = reason.Name, type = new { id = reason.Type.Id, name = reason.Type.Name } },
            current_stage = app.StageId is null ? null : new { id = app.StageId, name = app.StageName, interviews = Array.Empty<object>() },
            custom_fields = new { },
            candidate = new
            {
                id = candidate.Id, first_name = candidate.FirstName, last_name = candidate.LastName, title = candidate.Title,
                company = candidate.Company, created_at = candidate.CreatedAt, external_id = (string?)null,
                url = $"https://app.greenhouse.io/people/{candidate.Id}", is_private = candidate.Private, can_email = candidate.CanEmail,
                phone_numbers = candidate.PhoneNumbers, email_addresses = candidate.EmailAddresses, addresses = candidate.Addresses,
                website_addresses = candidate.WebsiteAddresses, social_media_addresses = candidate.SocialMediaAddresses,
                attachments = a.Attachments.Values.Where(t => t.CandidateId == candidate.Id).Select(t => new { filename = t.Filename, url = t.Url, type = t.Type }),
                tags = candidate.Tags,
            },
            jobs = job is null ? [] : new[] { Job(a, job) },
            offer = action == "hire_candidate" ? new { id = GreenhouseSandboxAccount.NextId(), version = 1, created_at = now, resolved_at = now } : null,
        };
    }

    private static object Job(GreenhouseSandboxAccount a, HvJob job) => new
    {
        id = job.Id, name = job.Name, requisition_id = job.RequisitionId, confidential = job.Confidential, status = job.Status,
        opened_at = job.OpenedAt, closed_at = job.ClosedAt,
        departments = job.DepartmentId is { } d && a.Departments.TryGetValue(d, out var dep) ? new[] { new { id = dep.Id, name = dep.Name } } : [],
        offices = job.OfficeIds.Where(a.Offices.ContainsKey).Select(o => new { id = o, name = a.Offices[o].Name, location = a.Offices[o].Location.Name }),
    };
}
