using System.Globalization;
using Flurl;

namespace Circular.Portal.Providers.Workable;

public sealed partial class WorkableProvider
{
    private const string CursorPrefix = "wk1:";

    public async Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        if (await FindExistingAsync(connection, push, ct) is { Id: { } existingId })
        {
            // Workable takes tags, source, resume, profile and note in the create call itself, so nothing follows the create
            // that a retry could have to finish: the earlier record is read back and each step reported as found.
            var found = new AtsPushResult(existingId, existingId, ReusedExisting: true);
            var read = await ReadBackAsync(connection, push, found, ct);
            static AtsStepOutcome Seen(bool? there, bool needed) => !needed ? AtsStepOutcome.NotNeeded : there == true ? AtsStepOutcome.AlreadyThere : AtsStepOutcome.Failed;
            return found with
            {
                Steps = new AtsPushSteps(Seen(read?.Tag, true), Seen(read?.Source, true), Seen(read?.Cv, push.Cv is not null),
                    Seen(read?.LinkedIn, !string.IsNullOrWhiteSpace(push.LinkedInUrl)),
                    string.IsNullOrWhiteSpace(push.Note) ? AtsStepOutcome.NotNeeded : AtsStepOutcome.AlreadyThere),
            };
        }

        WorkableCandidateEnvelope created;
        try
        {
            // Vendor docs: https://workable.readme.io/reference/job-candidates-create
            var url = ApiUrl(connection, "jobs", push.JobExternalId, "candidates");
            created = await PostAsync<WorkableCandidateEnvelope>(connection, url, WorkableMapping.ToCreateRequest(push, _options.SendCvAsLink), ct);
        }
        catch (AtsException e) when (e.StatusCode == 404)
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent,
                $"Workable has no job with the shortcode {push.JobExternalId}, or this token cannot see it.", 404, null, e);
        }
        var id = created.Candidate?.Id
            ?? throw new AtsException(Kind, AtsFailureKind.Transient, "Workable accepted the candidate but returned no id; the next attempt finds it by email.");
        push.ReportCvDelivered();
        // One call carries everything: tags, source (domain), resume, social profile and the note (as the cover letter).
        return new AtsPushResult(id, id, ReusedExisting: false)
        {
            Steps = new AtsPushSteps(AtsStepOutcome.Done, AtsStepOutcome.Done,
                push.Cv is null ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done,
                string.IsNullOrWhiteSpace(push.LinkedInUrl) ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done,
                string.IsNullOrWhiteSpace(push.Note) ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done),
        };
    }

    /// <summary>
    /// Workable cannot search by tag, and whether it merges a second post of the same email is unconfirmed. So the
    /// earlier push is found among the job's candidates with this email (documented filters), preferring the one that
    /// carries the marker tag when there are several.
    /// </summary>
    private async Task<WorkableCandidate?> FindExistingAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        var email = push.Email.Trim();
        // Vendor docs: https://workable.readme.io/reference/job-candidates-index
        var url = ApiUrl(connection, "candidates")
            .SetQueryParam("email", email)
            .SetQueryParam("shortcode", push.JobExternalId)
            .SetQueryParam("limit", PageSize);
        var matches = new List<WorkableCandidate>();
        await foreach (var page in PagesAsync<WorkableCandidatesPage>(connection, url, p => p.Paging, ct))
        {
            // Filtered again here in case the vendor ignores a filter: a wrong match would hide a real push.
            matches.AddRange((page.Candidates ?? []).Where(c =>
                c.Id is not null
                && string.Equals(c.Email?.Trim(), email, StringComparison.OrdinalIgnoreCase)
                && (c.Job?.Shortcode is null || string.Equals(c.Job.Shortcode, push.JobExternalId, StringComparison.OrdinalIgnoreCase))));
        }
        if (matches.Count <= 1) return matches.FirstOrDefault();

        foreach (var match in matches)
        {
            // The list view has no tags; the detail view does.
            // Vendor docs: https://workable.readme.io/reference/job-candidates-show
            var detail = await GetAsync<WorkableCandidateEnvelope>(connection, ApiUrl(connection, "candidates", match.Id!), ct);
            if (detail.Candidate is { } candidate && WorkableMapping.HasTag(candidate, push.Marker)) return candidate;
        }
        return matches.OrderBy(m => m.CreatedAt ?? DateTimeOffset.MaxValue).First();
    }

    public async Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var since = ParseCursor(query.Cursor);
        var pushed = query.Pushed.GroupBy(p => p.CandidateId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (since is null && pushed.Count > 0)
        {
            // A first poll reads only the candidates Circular pushed, by id: without updated_after the list is the whole
            // account's history. Later polls ask for what changed since this one began.
            var firstRead = await ReadStatusesAsync(connection, query.Pushed, ct);
            return new AtsStatusBatch(firstRead, CursorPrefix + started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        // One account-wide changed-since scan is cheaper under 10 requests per 10 s than asking per candidate.
        // Vendor docs: https://workable.readme.io/reference/job-candidates-index
        var url = ApiUrl(connection, "candidates").SetQueryParam("limit", PageSize);
        if (since is { } from) url.SetQueryParam("updated_after", WorkableTimeConverter.Compact(from - _options.StatusOverlap));

        var newest = since;
        var changes = new Dictionary<string, AtsStatusChange>(StringComparer.Ordinal);
        var reasons = new Lazy<Task<IReadOnlyList<WorkableDisqualificationReason>>>(() => DisqualificationReasonsAsync(connection, ct));
        await foreach (var page in PagesAsync<WorkableCandidatesPage>(connection, url, p => p.Paging, ct))
        {
            foreach (var candidate in page.Candidates ?? [])
            {
                if (candidate.UpdatedAt is { } updated && (newest is null || updated > newest)) newest = updated;
                if (candidate.Id is not { } id) continue;
                var ours = pushed.ContainsKey(id) || string.Equals(candidate.Domain?.Trim(), AtsCandidatePush.Source, StringComparison.OrdinalIgnoreCase);
                if (!ours) continue;
                var applicationId = pushed.TryGetValue(id, out var known) ? known.ApplicationId : id;
                changes[id] = await StatusOfAsync(connection, candidate, applicationId, started, reasons, ct);
            }
        }
        return new AtsStatusBatch(changes.Values.ToList(), CursorPrefix + (newest ?? started).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Each candidate by id: the changed-since scan without a cursor would read the whole account.</summary>
    public async Task<IReadOnlyList<AtsStatusChange>> ReadStatusesAsync(AtsConnectionContext connection, IReadOnlyList<AtsApplicationRef> applications, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var reasons = new Lazy<Task<IReadOnlyList<WorkableDisqualificationReason>>>(() => DisqualificationReasonsAsync(connection, ct));
        var changes = new List<AtsStatusChange>();
        foreach (var pushed in applications.DistinctBy(a => a.CandidateId))
        {
            // Vendor docs: https://workable.readme.io/reference/job-candidates-show
            WorkableCandidateEnvelope detail;
            try
            {
                detail = await GetAsync<WorkableCandidateEnvelope>(connection, ApiUrl(connection, "candidates", pushed.CandidateId), ct);
            }
            catch (AtsException e) when (e.StatusCode == 404)
            {
                // Deleted at Workable: nothing to say of it, and the others are still read.
                continue;
            }
            if (detail.Candidate is not { } candidate) continue;
            changes.Add(await StatusOfAsync(connection, candidate with { Id = pushed.CandidateId }, pushed.ApplicationId, started, reasons, ct));
        }
        return changes;
    }

    /// <summary>An unreadable cursor starts over with a full scan: re-reading is harmless, skipping is not.</summary>
    private static DateTimeOffset? ParseCursor(string? cursor) =>
        cursor is not null && cursor.StartsWith(CursorPrefix, StringComparison.Ordinal)
        && long.TryParse(cursor[CursorPrefix.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// The list view carries neither withdrew nor disqualified_at (seen in verification), so a disqualified candidate is
    /// read again by id before deciding between rejected and withdrawn; the reason is matched to the account's list.
    /// </summary>
    private async Task<AtsStatusChange> StatusOfAsync(AtsConnectionContext connection, WorkableCandidate candidate, string applicationId,
        DateTimeOffset started, Lazy<Task<IReadOnlyList<WorkableDisqualificationReason>>> reasons, CancellationToken ct)
    {
        if (candidate.Disqualified == true && (candidate.Withdrew is null || candidate.DisqualifiedAt is null))
        {
            // Vendor docs: https://workable.readme.io/reference/job-candidates-show
            var detail = await GetAsync<WorkableCandidateEnvelope>(connection, ApiUrl(connection, "candidates", candidate.Id!), ct);
            if (detail.Candidate is { } full) candidate = full with { Id = candidate.Id };
        }
        var (status, reason, at) = WorkableMapping.ToStatus(candidate);
        AtsStatusTerm? term = null;
        if (status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn && !string.IsNullOrWhiteSpace(reason))
        {
            var known = (await reasons.Value).FirstOrDefault(r => string.Equals(r.Description?.Trim(), reason.Trim(), StringComparison.OrdinalIgnoreCase));
            term = new AtsStatusTerm(AtsStatusTermKind.DisqualificationReason, known?.Id ?? reason.Trim(), reason.Trim());
            // A reason Workable marks as the candidate's own is a withdrawal even when the candidate's flag is missing.
            if (known?.CandidateWithdrew == true) status = AtsApplicationStatus.Withdrawn;
        }
        return new AtsStatusChange(candidate.Id!, applicationId, status, reason, at ?? started)
        {
            ReasonTerm = term,
            JobExternalId = candidate.Job?.Shortcode,
        };
    }

    private async Task<IReadOnlyList<WorkableDisqualificationReason>> DisqualificationReasonsAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        try
        {
            // Vendor docs: https://workable.readme.io/reference/disqualification_reasons
            return (await GetAsync<WorkableReasonsPage>(connection, ApiUrl(connection, "disqualification_reasons"), ct)).DisqualificationReasons ?? [];
        }
        catch (AtsException e) when (e.Kind != AtsFailureKind.Auth)
        {
            return [];
        }
    }
}
