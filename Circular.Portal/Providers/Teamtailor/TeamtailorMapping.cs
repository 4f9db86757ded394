using System.Text.Json;

namespace Circular.Portal.Providers.Teamtailor;

internal static class TeamtailorMapping
{
    public static AtsJobRecord ToJob(TtResource<TtJob> job, IReadOnlyList<TtIncluded> included)
    {
        var a = job.Attributes;
        var department = Find(included, "departments", job.Linked("department"))?.Text("name");
        var locations = job.LinkedMany("locations").Concat(job.LinkedMany("location")).Distinct()
            .Select(id => Find(included, "locations", id)).OfType<TtIncluded>()
            .Select(LocationText).OfType<string>().ToList();
        return new AtsJobRecord(
            job.Id,
            a?.Title ?? "(untitled)",
            JobStatus(a?.Status, a?.HumanStatus),
            locations.Count == 0 ? null : string.Join("; ", locations),
            department,
            a?.EmploymentType is { Length: > 0 } type && type != "none" ? type : null,
            a?.Body,
            // Older API versions omit updated-at on jobs (see the jobs fixture); created-at is the best lower bound.
            a?.UpdatedAt ?? a?.CreatedAt,
            job.Links?.GetValueOrDefault("careersite-job-url"))
        {
            VendorState = a?.HumanStatus ?? a?.Status,
            // "unlisted" jobs and internal jobs take candidates but are not on the careers site.
            Internal = JobStatus(a?.Status, a?.HumanStatus) == AtsJobStatus.Open
                       && (a?.Internal == true || "unlisted".Equals(a?.Status, StringComparison.OrdinalIgnoreCase)
                           || "unlisted".Equals(a?.HumanStatus, StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>status is open/draft/archived/unlisted/temp; human-status adds expired and scheduled, which say more.</summary>
    public static AtsJobStatus JobStatus(string? status, string? humanStatus) => (humanStatus?.ToLowerInvariant(), status?.ToLowerInvariant()) switch
    {
        ("archived" or "expired", _) or (_, "archived") => AtsJobStatus.Closed,
        ("draft" or "scheduled" or "unsaved", _) or (_, "draft" or "temp") => AtsJobStatus.Draft,
        (_, "open" or "unlisted") or ("published" or "unlisted", _) => AtsJobStatus.Open,
        _ => AtsJobStatus.Draft,
    };

    public static AtsStatusChange ToStatusChange(TtResource<TtApplication> application, string candidateId, IReadOnlyList<TtIncluded> included)
    {
        var a = application.Attributes;
        var changedAt = a?.ChangedStageAt ?? a?.UpdatedAt ?? a?.CreatedAt ?? DateTimeOffset.MinValue;
        if (a?.RejectedAt is { } rejectedAt)
        {
            var reasonResource = Find(included, "reject-reasons", application.Linked("reject-reason"));
            var reason = a.RejectReason is { ValueKind: JsonValueKind.String } text ? text.GetString() : reasonResource?.Text("reason");
            // A reason not "rejected by company" is the candidate's own choice: Teamtailor's way of saying withdrawn.
            var status = reasonResource?.Flag("rejected-by-company") == false ? AtsApplicationStatus.Withdrawn : AtsApplicationStatus.Rejected;
            var reasonId = application.Linked("reject-reason");
            return new AtsStatusChange(candidateId, application.Id, status, reason, rejectedAt)
            {
                ReasonTerm = reasonId is null ? null : new AtsStatusTerm(AtsStatusTermKind.RejectionReason, reasonId, reason ?? reasonId),
                VisibleToCandidateAt = a.TransparentRecruitingVisibleAt,
            };
        }
        var stageId = application.Linked("stage");
        var stage = Find(included, "stages", stageId);
        var hired = stage is not null && IsHiredStage(stage);
        return new AtsStatusChange(candidateId, application.Id, hired ? AtsApplicationStatus.Hired : AtsApplicationStatus.Active, null, changedAt)
        {
            StageTerm = stageId is null ? null : new AtsStatusTerm(AtsStatusTermKind.Stage, stageId, stage?.Text("name") ?? stageId),
        };
    }

    /// <summary>The stage type's attribute name differs by API version, and admins may rename the Hired stage but not its type.</summary>
    public static bool IsHiredStage(TtIncluded stage) =>
        new[] { "stage-type", "legacy-stage-type-name", "type-name", "type" }.Select(stage.Text).FirstOrDefault(t => t is not null) is { } type
            ? type.Equals("Hired", StringComparison.OrdinalIgnoreCase)
            : string.Equals(stage.Text("name"), "Hired", StringComparison.OrdinalIgnoreCase);

    private static string? LocationText(TtIncluded location)
    {
        var name = location.Text("name");
        if (!string.IsNullOrWhiteSpace(name)) return name;
        var parts = new[] { location.Text("city"), location.Text("country") }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static TtIncluded? Find(IReadOnlyList<TtIncluded> included, string type, string? id) =>
        id is null ? null : included.FirstOrDefault(i => i.Type == type && i.Id == id);
}
