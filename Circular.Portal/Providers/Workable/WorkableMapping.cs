namespace Circular.Portal.Providers.Workable;

internal static class WorkableMapping
{
    /// <summary>
    /// Vendor notes (workable.md, GET /jobs "state"): "closed means the job is used internally or confidentially", so a closed
    /// job still takes candidates and is open but internal; archived is the state that stops a job. An unknown state is closed.
    /// </summary>
    public static AtsJobStatus ToStatus(string? state) => state?.Trim().ToLowerInvariant() switch
    {
        "published" or "closed" => AtsJobStatus.Open,
        "draft" => AtsJobStatus.Draft,
        _ => AtsJobStatus.Closed,
    };

    /// <summary>Listed only internally (state closed) or marked confidential.</summary>
    public static bool IsInternal(WorkableJob job) =>
        string.Equals(job.State?.Trim(), "closed", StringComparison.OrdinalIgnoreCase) || job.Confidential == true;

    public static AtsJobRecord? ToJob(WorkableJob job)
    {
        // Jobs are addressed by shortcode everywhere in the API (candidates, subscriptions), never by id.
        var externalId = job.Shortcode ?? job.Id;
        if (string.IsNullOrWhiteSpace(externalId)) return null;
        return new AtsJobRecord(
            externalId,
            job.Title ?? job.FullTitle ?? externalId,
            ToStatus(job.State),
            Location(job.Location),
            job.Department ?? job.DepartmentHierarchy?.LastOrDefault(d => !string.IsNullOrWhiteSpace(d.Name))?.Name,
            job.EmploymentType,
            job.FullDescription ?? job.Description,
            job.UpdatedAt ?? job.CreatedAt,
            job.Url ?? job.Shortlink)
        {
            VendorState = VendorState(job.State, job.Confidential == true),
            Internal = ToStatus(job.State) == AtsJobStatus.Open && IsInternal(job),
        };
    }

    private static string? VendorState(string? state, bool confidential) =>
        string.IsNullOrWhiteSpace(state) ? (confidential ? "confidential" : null) : confidential ? $"{state.Trim()}, confidential" : state.Trim();

    private static string? Location(WorkableLocation? location)
    {
        if (location is null) return null;
        var place = location.LocationStr
            ?? string.Join(", ", new[] { location.City, location.Region, location.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var remote = location.Telecommuting == true || string.Equals(location.WorkplaceType, "remote", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(place)) return remote ? "Remote" : null;
        return remote && !place.Contains("remote", StringComparison.OrdinalIgnoreCase) ? $"{place} (Remote)" : place;
    }

    /// <summary>
    /// Workable keeps one candidate per job, so the candidate is the application. Disqualified with withdrew is the
    /// candidate's own choice; hired shows as hired_at or as a stage of kind "hired" (the exact slug is unconfirmed).
    /// </summary>
    public static (AtsApplicationStatus Status, string? Reason, DateTimeOffset? At) ToStatus(WorkableCandidate candidate)
    {
        if (candidate.Disqualified == true)
        {
            var at = candidate.DisqualifiedAt ?? candidate.UpdatedAt;
            return candidate.Withdrew == true
                ? (AtsApplicationStatus.Withdrawn, candidate.DisqualificationReason, at)
                : (AtsApplicationStatus.Rejected, candidate.DisqualificationReason, at);
        }
        if (candidate.HiredAt is not null || IsHired(candidate.StageKind) || IsHired(candidate.Stage))
        {
            return (AtsApplicationStatus.Hired, null, candidate.HiredAt ?? candidate.UpdatedAt);
        }
        return (AtsApplicationStatus.Active, null, candidate.UpdatedAt ?? candidate.CreatedAt);
    }

    private static bool IsHired(string? stage) => string.Equals(stage?.Trim(), "hired", StringComparison.OrdinalIgnoreCase);

    public static WorkableNewCandidateRequest ToCreateRequest(AtsCandidatePush push, bool cvAsLink)
    {
        var profiles = string.IsNullOrWhiteSpace(push.LinkedInUrl) ? null : new[] { new WorkableSocialProfile("linkedin", push.LinkedInUrl) };
        var cv = push.Cv;
        return new WorkableNewCandidateRequest(
            // Sourced: Workable sends no "thank you for applying" mail to someone who did not apply on its page.
            Sourced: true,
            new WorkableNewCandidate(
                push.FirstName,
                push.LastName,
                push.Email.Trim(),
                string.IsNullOrWhiteSpace(push.Phone) ? null : push.Phone,
                // domain is Workable's free-text "where the candidate came from".
                AtsCandidatePush.Source,
                [AtsCandidatePush.Tag, push.Marker],
                profiles,
                // Create has no note field and comments need an acting member, so the note travels as the cover letter.
                string.IsNullOrWhiteSpace(push.Note) ? null : push.Note,
                cv is not null && cvAsLink ? cv.PublicUrl.ToString() : null,
                cv is not null && !cvAsLink ? new WorkableResume(cv.FileName, Convert.ToBase64String(cv.Content)) : null));
    }

    public static bool HasTag(WorkableCandidate candidate, string tag) =>
        candidate.Tags?.Any(t => string.Equals(t?.Trim(), tag, StringComparison.OrdinalIgnoreCase)) == true;
}
