using System.Globalization;

namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// Find before create. Recruitee accepts no idempotency key and, on create, only flags possible duplicates, so a retry
/// looks the person up by email first. The push's marker is stored as a candidate tag and in the note, which tells our
/// own earlier push apart from a person the company already had.
/// </summary>
internal sealed class RecruiteePush(RecruiteeApi api)
{
    public async Task<AtsPushResult> PushAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        if (!long.TryParse(push.JobExternalId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offerId))
        {
            throw new AtsException(AtsKind.Recruitee, AtsFailureKind.Permanent, $"\"{push.JobExternalId}\" is not a Recruitee job (offer) id.");
        }
        var existing = await FindAsync(connection, push, ct);
        if (existing is not null)
        {
            return await ReuseAsync(connection, existing, offerId, push, ct);
        }

        var body = new RecruiteeCandidateCreate(
            new RecruiteeNewCandidate(
                Name: FullName(push),
                Emails: [push.Email],
                Phones: string.IsNullOrWhiteSpace(push.Phone) ? [] : [push.Phone],
                SocialLinks: string.IsNullOrWhiteSpace(push.LinkedInUrl) ? [] : [push.LinkedInUrl],
                RemoteCvUrl: push.Cv?.PublicUrl.AbsoluteUri,
                Sources: [AtsCandidatePush.Source],
                Tags: [AtsCandidatePush.Tag, push.Marker]),
            [offerId]);
        // Added as if by the token's user: Recruitee sends the candidate no confirmation email, and fetches remote_cv_url itself.
        // Vendor docs: https://docs.recruitee.com/reference/candidates-post
        var created = await api.SendAsync<RecruiteeCandidateEnvelope>(connection, HttpMethod.Post, ["candidates"], body, ct);
        var candidate = created.Candidate
            ?? throw new AtsException(AtsKind.Recruitee, AtsFailureKind.Transient, "Recruitee created the candidate but did not return it.");
        push.ReportCvDelivered();
        var placement = candidate.Placements?.FirstOrDefault(p => p.OfferId == offerId)
            ?? await AssignAsync(connection, candidate.Id, offerId, ct);
        var note = await TryAddNoteAsync(connection, candidate.Id, push, ct);
        return Result(candidate.Id, placement.Id, reused: false) with
        {
            Steps = new AtsPushSteps(AtsStepOutcome.Done, AtsStepOutcome.Done,
                push.Cv is null ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done,
                string.IsNullOrWhiteSpace(push.LinkedInUrl) ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done, note),
        };
    }

    private async Task<AtsPushResult> ReuseAsync(
        AtsConnectionContext connection, RecruiteeCandidate candidate, long offerId, AtsCandidatePush push, CancellationToken ct)
    {
        var placement = candidate.Placements?.FirstOrDefault(p => p.OfferId == offerId)
            ?? await AssignAsync(connection, candidate.Id, offerId, ct);
        var tags = RecruiteeMapping.Names(candidate.Tags);
        if (!tags.Contains(push.Marker) || !tags.Contains(AtsCandidatePush.Tag))
        {
            // No per-tag endpoint is confirmed; PATCH with the full list keeps the tags the company set.
            // Vendor docs: https://apidocs.recruitee.com/ (PATCH /c/{company_id}/candidates/{id})
            var all = tags.Union([AtsCandidatePush.Tag, push.Marker]).ToList();
            await api.SendAsync<RecruiteeCandidateEnvelope>(connection, HttpMethod.Patch, ["candidates", candidate.Id],
                new RecruiteeTagsUpdate(new RecruiteeTagsOnly(all)), ct);
        }
        if (push.Cv is not null && candidate.CvUrl is null && candidate.CvOriginalUrl is null)
        {
            // Vendor docs: https://docs.recruitee.com/reference/candidatesidupdate_cv
            await api.SendAsync<RecruiteeCandidateEnvelope>(connection, HttpMethod.Patch, ["candidates", candidate.Id, "update_cv"],
                new RecruiteeCvUpdate(new RecruiteeRemoteCv(push.Cv.PublicUrl.AbsoluteUri)), ct);
            push.ReportCvDelivered();
        }
        // Vendor docs: https://docs.recruitee.com/reference/candidatesidnotes
        var notes = await api.GetAsync<RecruiteeNotesPage>(connection, ["candidates", candidate.Id, "notes"], new { limit = 100, offset = 0 }, ct);
        var note = AtsStepOutcome.AlreadyThere;
        if (!(notes.Notes ?? []).Any(n => n.Body?.Contains(push.Marker, StringComparison.Ordinal) == true))
        {
            note = await TryAddNoteAsync(connection, candidate.Id, push, ct);
        }
        return Result(candidate.Id, placement.Id, reused: true) with
        {
            Steps = new AtsPushSteps(tags.Contains(AtsCandidatePush.Tag) ? AtsStepOutcome.AlreadyThere : AtsStepOutcome.Done, AtsStepOutcome.NotAttempted,
                push.Cv is null ? AtsStepOutcome.NotNeeded : candidate.CvUrl is null && candidate.CvOriginalUrl is null ? AtsStepOutcome.Done : AtsStepOutcome.AlreadyThere,
                AtsStepOutcome.NotAttempted, note),
        };
    }

    /// <summary>
    /// The quick search is fuzzy and served from a search index (a fresh create may not be in it yet), so a miss there
    /// is checked again on /candidates?query=name, which reads the database directly. Emails are compared exactly.
    /// </summary>
    private async Task<RecruiteeCandidate?> FindAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        IReadOnlyList<RecruiteeCandidate> hits = [];
        try
        {
            // Vendor docs: https://apidocs.recruitee.com/ (GET /c/{company_id}/search/new/quick)
            var search = await api.GetAsync<RecruiteeQuickSearch>(connection, ["search", "new", "quick"],
                new { query = push.Email, only = "candidates", with_emails = true }, ct);
            hits = search.Candidates?.Hits ?? [];
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permanent)
        {
            // Endpoint unavailable for this account: fall through to the database query.
        }
        var match = Best(hits, push);
        if (match is null)
        {
            // Vendor docs: https://docs.recruitee.com/reference/candidates-get
            var page = await api.GetAsync<RecruiteeCandidatesPage>(connection, ["candidates"],
                new { query = FullName(push), limit = 100, offset = 0 }, ct);
            match = Best(page.Candidates ?? [], push);
        }
        if (match is null) return null;
        // Search hits are trimmed records; the full candidate has the placements and tags we check.
        // Vendor docs: https://docs.recruitee.com/reference/candidatesid-get
        var full = await api.GetAsync<RecruiteeCandidateEnvelope>(connection, ["candidates", match.Id], null, ct);
        return full.Candidate ?? match;
    }

    /// <summary>Our own earlier push (marker tag) first, then the oldest person with exactly this email.</summary>
    private static RecruiteeCandidate? Best(IReadOnlyList<RecruiteeCandidate> candidates, AtsCandidatePush push)
    {
        var byMarker = candidates.FirstOrDefault(c => RecruiteeMapping.Names(c.Tags).Contains(push.Marker));
        return byMarker ?? candidates
            .Where(c => (c.Emails ?? []).Any(e => string.Equals(e?.Trim(), push.Email.Trim(), StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Id)
            .FirstOrDefault();
    }

    private async Task<RecruiteePlacement> AssignAsync(AtsConnectionContext connection, long candidateId, long offerId, CancellationToken ct)
    {
        // Lands in the pipeline's first stage, like a manual "assign to job". Body shape unconfirmed: sent flat.
        // Vendor docs: https://apidocs.recruitee.com/ (POST /c/{company_id}/placements)
        var created = await api.SendAsync<RecruiteePlacementEnvelope>(connection, HttpMethod.Post, ["placements"],
            new RecruiteePlacementCreate(candidateId, offerId), ct);
        if (created.Placement is { } placement) return placement;
        // Vendor docs: https://docs.recruitee.com/reference/candidatesid-get
        var reread = await api.GetAsync<RecruiteeCandidateEnvelope>(connection, ["candidates", candidateId], null, ct);
        return reread.Candidate?.Placements?.FirstOrDefault(p => p.OfferId == offerId)
            ?? throw new AtsException(AtsKind.Recruitee, AtsFailureKind.Transient, "Recruitee did not show the candidate on the job after assigning them.");
    }

    /// <summary>The candidate exists by now: a refused note is reported, it does not fail the push (Lever and Greenhouse do the same).</summary>
    private async Task<AtsStepOutcome> TryAddNoteAsync(AtsConnectionContext connection, long candidateId, AtsCandidatePush push, CancellationToken ct)
    {
        try
        {
            await AddNoteAsync(connection, candidateId, push, ct);
            return AtsStepOutcome.Done;
        }
        catch (AtsException e) when (e.Kind is AtsFailureKind.Permanent or AtsFailureKind.Permission)
        {
            return AtsStepOutcome.Refused;
        }
    }

    private Task AddNoteAsync(AtsConnectionContext connection, long candidateId, AtsCandidatePush push, CancellationToken ct)
    {
        var body = $"{push.Note}\n\nSent by Circular (reference {push.Marker}).";
        // Vendor docs: https://docs.recruitee.com/reference/candidatesidnotes
        return api.SendAsync<RecruiteeNotesPage>(connection, HttpMethod.Post, ["candidates", candidateId, "notes"],
            new RecruiteeNoteCreate(new RecruiteeNewNote(body, new RecruiteeNoteVisibility("public"))), ct);
    }

    private static string FullName(AtsCandidatePush push) => $"{push.FirstName} {push.LastName}".Trim();

    private static AtsPushResult Result(long candidateId, long placementId, bool reused) => new(
        candidateId.ToString(CultureInfo.InvariantCulture), placementId.ToString(CultureInfo.InvariantCulture), reused);
}
