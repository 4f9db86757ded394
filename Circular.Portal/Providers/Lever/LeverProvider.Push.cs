using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flurl.Http;

namespace Circular.Portal.Providers.Lever;

public sealed partial class LeverProvider
{
    public async Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        // The marker is stored as a tag: the one field Lever both keeps on create and filters on (tag=, case-sensitive).
        var byMarker = await FindAsync(connection, r => r.SetQueryParam("tag", push.Marker), ct);
        if (byMarker.FirstOrDefault(o => o.Tags?.Contains(push.Marker) == true) is { } marked)
        {
            // Our own earlier push: tags, sources, links and resume went in with the create, in one call. Finish what a
            // crash may have left out: the "Circular" tag and source (an adopted record), then report.
            if (marked.Tags?.Contains(AtsCandidatePush.Tag) != true || marked.Sources?.Contains(AtsCandidatePush.Source) != true)
            {
                await AdoptAsync(connection, marked.Id, push.Marker, ct);
            }
            return new AtsPushResult(marked.Id, LeverMapping.ApplicationId(marked), ReusedExisting: true)
            {
                Steps = new AtsPushSteps(AtsStepOutcome.AlreadyThere, AtsStepOutcome.AlreadyThere, AtsStepOutcome.NotAttempted,
                    AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted),
            };
        }

        // Lever dedupes the person by email but would still open a second opportunity on the same posting.
        var byEmail = await FindAsync(connection, r => r.SetQueryParam("email", push.Email).SetQueryParam("posting_id", push.JobExternalId), ct);
        if (byEmail.FirstOrDefault(o => HasEmail(o, push.Email) && OnPosting(o, push.JobExternalId)) is { } found)
        {
            await AdoptAsync(connection, found.Id, push.Marker, ct);
            return new AtsPushResult(found.Id, LeverMapping.ApplicationId(found), ReusedExisting: true)
            {
                Steps = new AtsPushSteps(AtsStepOutcome.Done, AtsStepOutcome.Done, AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted, AtsStepOutcome.NotAttempted),
            };
        }

        var performAs = connection.Credentials.ActingUserId ?? await DefaultActingUserAsync(connection, ct);
        var body = new LeverCreateOpportunity(
            $"{push.FirstName} {push.LastName}".Trim(),
            [push.Email],
            string.IsNullOrWhiteSpace(push.Phone) ? [] : [new LeverPhone("mobile", push.Phone)],
            string.IsNullOrWhiteSpace(push.LinkedInUrl) ? [] : [push.LinkedInUrl],
            [AtsCandidatePush.Tag, push.Marker],
            [AtsCandidatePush.Source],
            "sourced",
            [push.JobExternalId]);
        // Vendor docs: https://hire.lever.co/developer/documentation#create-an-opportunity (files require multipart)
        var request = Api(connection, "opportunities").SetQueryParam("perform_as", performAs);
        HttpContent content = push.Cv is null ? JsonContent(body) : Multipart(body, push.Cv);
        var created = await SendAsync<LeverEnvelope<LeverOpportunity>>(connection, request, HttpMethod.Post, content, ct);
        var opportunity = created.Data ?? throw new AtsException(Kind, AtsFailureKind.Transient, "Lever created the candidate but did not return it.");

        var note = await AddNoteAsync(connection, opportunity.Id, performAs, push.Note, ct);
        // "deduped" (unconfirmed in Lever's docs, seen in recorded responses) says Lever linked an existing person: this is
        // a new opportunity on that person's record, not a reuse of anything we made.
        return new AtsPushResult(opportunity.Id, LeverMapping.ApplicationId(opportunity), ReusedExisting: false)
        {
            Outcome = created.Deduped == true ? AtsPushOutcome.NewApplicationOnExistingPerson : AtsPushOutcome.Created,
            Steps = new AtsPushSteps(AtsStepOutcome.Done, AtsStepOutcome.Done,
                push.Cv is null ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done,
                string.IsNullOrWhiteSpace(push.LinkedInUrl) ? AtsStepOutcome.NotNeeded : AtsStepOutcome.Done, note),
        };
    }

    private async Task<IReadOnlyList<LeverOpportunity>> FindAsync(AtsConnectionContext connection, Func<IFlurlRequest, IFlurlRequest> filter, CancellationToken ct)
    {
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-opportunities
        var page = await GetAsync<LeverPage<LeverOpportunity>>(connection,
            filter(Api(connection, "opportunities")).SetQueryParam("expand", "applications").SetQueryParam("limit", 100), ct);
        return page.Data ?? [];
    }

    /// <summary>Marks an opportunity found by email as ours, so the next lookup finds it by marker.</summary>
    private async Task AdoptAsync(AtsConnectionContext connection, string opportunityId, string marker, CancellationToken ct)
    {
        // Vendor docs: https://hire.lever.co/developer/documentation#update-opportunity-tags
        await SendAsync<JsonElement>(connection, Api(connection, "opportunities", opportunityId, "addTags"), HttpMethod.Post,
            JsonContent(new { tags = new[] { AtsCandidatePush.Tag, marker } }), ct);
        // Vendor docs: https://hire.lever.co/developer/documentation#update-opportunity-sources
        await SendAsync<JsonElement>(connection, Api(connection, "opportunities", opportunityId, "addSources"), HttpMethod.Post,
            JsonContent(new { sources = new[] { AtsCandidatePush.Source } }), ct);
    }

    private async Task<AtsStepOutcome> AddNoteAsync(AtsConnectionContext connection, string opportunityId, string performAs, string note, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(note)) return AtsStepOutcome.NotNeeded;
        try
        {
            // Vendor docs: https://hire.lever.co/developer/documentation#create-a-note
            await SendAsync<JsonElement>(connection, Api(connection, "opportunities", opportunityId, "notes").SetQueryParam("perform_as", performAs),
                HttpMethod.Post, JsonContent(new { value = note }), ct);
            return AtsStepOutcome.Done;
        }
        catch (AtsException e) when (e.Kind != AtsFailureKind.Auth)
        {
            // The candidate exists now; failing the push would only make the retry find it by marker and skip the note anyway.
            log.LogWarning("Lever kept candidate {OpportunityId} but refused its note ({Failure})", opportunityId, e.Kind);
            return AtsStepOutcome.Refused;
        }
    }

    private async Task<string> DefaultActingUserAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var active = new List<LeverUser>();
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-users
        await foreach (var user in PagesAsync<LeverUser>(connection, () => Api(connection, "users"), ct))
        {
            if (user.DeactivatedAt is null) active.Add(user);
        }
        var pick = active.FirstOrDefault(u => u.AccessRole is "super admin" or "super_admin") ?? active.FirstOrDefault(u => u.AccessRole == "admin") ?? active.FirstOrDefault();
        return pick?.Id ?? throw new AtsException(Kind, AtsFailureKind.Permanent,
            "Lever needs a user to add candidates as, and the account lists none. Choose the acting user in the connection settings.");
    }

    private static bool HasEmail(LeverOpportunity o, string email) =>
        o.Emails?.Any(e => string.Equals(e.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>Expanded applications name their posting; when they don't, trust the posting_id filter.</summary>
    private static bool OnPosting(LeverOpportunity o, string postingId)
    {
        var postings = (o.Applications ?? [])
            .Where(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("posting", out var p) && p.ValueKind == JsonValueKind.String)
            .Select(a => a.GetProperty("posting").GetString())
            .ToList();
        return postings.Count == 0 || postings.Contains(postingId);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Multipart(LeverCreateOpportunity body, AtsCvFile cv)
    {
        var form = new MultipartFormDataContent();
        void Field(string name, string value) => form.Add(new StringContent(value, Encoding.UTF8), name);
        Field("name", body.Name);
        Field("origin", body.Origin);
        foreach (var email in body.Emails) Field("emails[]", email);
        for (var i = 0; i < body.Phones.Count; i++)
        {
            Field($"phones[{i}][type]", body.Phones[i].Type);
            Field($"phones[{i}][value]", body.Phones[i].Value);
        }
        foreach (var link in body.Links) Field("links[]", link);
        foreach (var tag in body.Tags) Field("tags[]", tag);
        foreach (var source in body.Sources) Field("sources[]", source);
        foreach (var posting in body.Postings) Field("postings[]", posting);
        var file = new ByteArrayContent(cv.Content);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(cv.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "resumeFile", cv.FileName);
        return form;
    }
}
