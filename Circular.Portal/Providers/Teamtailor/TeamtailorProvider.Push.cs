using Flurl;

namespace Circular.Portal.Providers.Teamtailor;

internal sealed partial class TeamtailorProvider
{
    /// <summary>
    /// Two calls, each looked up first: the person (by email; their tags carry the marker) and their application to the
    /// job. Creating the person uses merge=true, so even a lookup that misses cannot make a second candidate for one email.
    /// </summary>
    public async Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        var api = Api(connection);
        var candidateId = await FindCandidateAsync(connection, api, push, ct);
        var reused = candidateId is not null;
        if (candidateId is null)
        {
            // Vendor docs: https://docs.teamtailor.com/#create-candidate (resume is a URL Teamtailor downloads; merge dedupes by email)
            var created = await PostAsync<TtDocument<TtResource<TtCandidate>>>(connection, $"{api}/candidates",
                new TtCreate<TtNewCandidate>(new("candidates", new TtNewCandidate(
                    push.FirstName, push.LastName, push.Email, push.Phone, push.LinkedInUrl, push.Cv?.PublicUrl.ToString(),
                    // Teamtailor has no writable source field: the "Circular" tag and sourced=true say where the person came from.
                    [AtsCandidatePush.Tag, push.Marker], Sourced: true, Merge: true))), ct);
            candidateId = created.Data?.Id ?? throw Unexpected("candidate");
            push.ReportCvDelivered();
        }

        var applicationId = await FindApplicationAsync(connection, api, candidateId, push.JobExternalId, ct);
        if (applicationId is not null) return new AtsPushResult(candidateId, applicationId, ReusedExisting: true);
        try
        {
            // Vendor docs: https://docs.teamtailor.com/#create-job-application (no notification to the candidate)
            var application = await PostAsync<TtDocument<TtResource<TtApplication>>>(connection, $"{api}/job-applications",
                new TtCreate<TtNewApplication>(new("job-applications", new TtNewApplication(CoverLetter(push), Sourced: true, SendUserNotifications: false),
                    new Dictionary<string, TtLinkage>
                    {
                        ["candidate"] = new(new TtRef("candidates", candidateId)),
                        ["job"] = new(new TtRef("jobs", push.JobExternalId)),
                    })), ct);
            return new AtsPushResult(candidateId, application.Data?.Id ?? throw Unexpected("job application"), reused);
        }
        catch (AtsException e) when (e.StatusCode == 422)
        {
            // Another attempt may have created it since the lookup; Teamtailor refuses a second application to one job.
            if (await FindApplicationAsync(connection, api, candidateId, push.JobExternalId, ct) is { } existing)
            {
                return new AtsPushResult(candidateId, existing, ReusedExisting: true);
            }
            throw;
        }
    }

    /// <summary>
    /// filter[email] is not confirmed in Teamtailor's docs, so the answer is checked here: an API version that ignores the
    /// filter returns other people, never a false match.
    /// </summary>
    private async Task<string?> FindCandidateAsync(AtsConnectionContext connection, string api, AtsCandidatePush push, CancellationToken ct)
    {
        // Vendor docs: https://docs.teamtailor.com/#list-candidates
        var url = api.AppendPathSegment("candidates").SetQueryParam("filter[email]", push.Email).SetQueryParam("page[size]", Options.PageSize).ToString();
        var page = await GetAsync<TtDocument<List<TtResource<TtCandidate>>>>(connection, url, ct);
        var matches = (page.Data ?? [])
            .Where(c => string.Equals(c.Attributes?.Email, push.Email, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var marked = matches.FirstOrDefault(c => c.Attributes?.Tags?.Contains(push.Marker) == true);
        return (marked ?? matches.FirstOrDefault())?.Id;
    }

    private async Task<string?> FindApplicationAsync(AtsConnectionContext connection, string api, string candidateId, string jobId, CancellationToken ct)
    {
        // Vendor docs: https://docs.teamtailor.com/#list-job-applications (the candidate's job-applications relationship link)
        var url = api.AppendPathSegments("candidates", candidateId, "job-applications")
            .SetQueryParam("include", "job").SetQueryParam("page[size]", Options.PageSize).ToString();
        while (url is not null)
        {
            var page = await GetAsync<TtDocument<List<TtResource<TtApplication>>>>(connection, url, ct);
            var match = (page.Data ?? []).FirstOrDefault(a => a.Linked("job") == jobId);
            if (match is not null) return match.Id;
            url = NextPage(page.Links?.Next, api, url);
        }
        return null;
    }

    private static string CoverLetter(AtsCandidatePush push) =>
        $"{push.Note}\n\n(Sent by Circular, reference {push.Marker})".TrimStart();

    private static AtsException Unexpected(string what) =>
        new(Vendor, AtsFailureKind.Transient, $"Teamtailor created the {what} but did not return its id.");
}
