using System.Text.Json;

namespace Circular.Portal.Providers.Greenhouse;

/// <summary>Greenhouse wire records to the portal's normalised records. Tolerates both v3 and v1 shapes.</summary>
internal static class GreenhouseMapping
{
    public static AtsJobRecord ToJob(
        GhJob job, IReadOnlyDictionary<long, string> departments, IReadOnlyDictionary<long, string> offices, GhJobPost? post) =>
        new(
            job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            job.Name ?? post?.Title ?? $"Job {job.Id}",
            ToJobStatus(job.Status),
            Location(job, offices),
            job.Departments?.FirstOrDefault()?.Name ?? Lookup(departments, job.DepartmentId),
            CustomFieldText(job.CustomFields, "employment_type") ?? CustomFieldText(job.KeyedCustomFields, "employment_type"),
            post?.Content ?? job.Notes,
            job.UpdatedAt,
            post?.PublicUrl)
        {
            VendorState = job.Confidential == true ? $"{job.Status ?? "unknown"}, confidential" : job.Status,
            Internal = ToJobStatus(job.Status) == AtsJobStatus.Open && job.Confidential == true,
        };

    public static AtsJobStatus ToJobStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "open" => AtsJobStatus.Open,
        "draft" => AtsJobStatus.Draft,
        _ => AtsJobStatus.Closed,
    };

    /// <summary>The post candidates see: a live external one first, then any active one.</summary>
    public static GhJobPost? BestPost(IEnumerable<GhJobPost> posts) =>
        posts.OrderByDescending(p => p.Live == true).ThenBy(p => p.Internal == true).ThenByDescending(p => p.Active != false).FirstOrDefault();

    /// <summary>
    /// v3 statuses are in_process | rejected | hired | converted (v1 and webhooks say active). A rejection whose reason type is
    /// THEY_REJECTED_US means the candidate withdrew.
    /// </summary>
    public static AtsApplicationStatus ToStatus(string? status, GhRejectionReason? reason) => status?.Trim().ToLowerInvariant() switch
    {
        "rejected" when IsWithdrawal(reason) => AtsApplicationStatus.Withdrawn,
        "rejected" => AtsApplicationStatus.Rejected,
        "hired" => AtsApplicationStatus.Hired,
        _ => AtsApplicationStatus.Active,
    };

    public static AtsStatusChange ToStatusChange(GhApplication app, IReadOnlyDictionary<long, GhRejectionReason> reasons, DateTimeOffset now)
    {
        var reason = app.RejectionReason
            ?? (app.RejectionReasonId is { } id && reasons.TryGetValue(id, out var known) ? known : null);
        var status = ToStatus(app.Status, reason);
        var isRejection = status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn;
        var occurredAt = (isRejection ? app.RejectedAt : null) ?? app.UpdatedAt ?? app.LastActivityAt ?? now;
        var reasonId = reason?.Id ?? app.RejectionReasonId;
        return new AtsStatusChange(
            Id(app.CandidateId ?? 0), Id(app.Id), status, isRejection ? reason?.Name : null, occurredAt)
        {
            ReasonTerm = isRejection && reasonId is { } rid ? new AtsStatusTerm(AtsStatusTermKind.RejectionReason, Id(rid), reason?.Name ?? Id(rid)) : null,
        };
    }

    /// <summary>"They rejected us": the candidate withdrew.</summary>
    public static bool IsCandidateChoice(GhReasonType? type) => IsWithdrawal(new GhRejectionReason(0, null, type));

    public static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsWithdrawal(GhRejectionReason? reason) =>
        string.Equals(reason?.Type?.Key, "THEY_REJECTED_US", StringComparison.OrdinalIgnoreCase)
        || string.Equals(reason?.Type?.Name, "They rejected us", StringComparison.OrdinalIgnoreCase);

    private static string? Location(GhJob job, IReadOnlyDictionary<long, string> offices)
    {
        if (job.Offices is { Count: > 0 } embedded)
        {
            var office = embedded[0];
            return office.Location is { } location ? Text(location) ?? office.Name : office.Name;
        }
        return job.OfficeIds?.Select(id => Lookup(offices, id)).FirstOrDefault(name => name is not null);
    }

    /// <summary>The office's location text: a string, or an object with "name" (v1), or else the office name.</summary>
    public static string? OfficeLocation(GhOffice office) =>
        (office.Location is { } location ? Text(location) : null) ?? office.Name;

    /// <summary>A custom field's value whether sent bare ("Full-Time") or keyed ({name, type, value}).</summary>
    private static string? CustomFieldText(JsonElement? fields, string key) =>
        fields is { ValueKind: JsonValueKind.Object } f && f.TryGetProperty(key, out var field) ? Text(field) : null;

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Object when e.TryGetProperty("value", out var value) => Text(value),
        JsonValueKind.Object when e.TryGetProperty("name", out var name) => Text(name),
        _ => null,
    };

    private static string? Lookup(IReadOnlyDictionary<long, string> names, long? id) =>
        id is { } key && names.TryGetValue(key, out var name) ? name : null;
}
