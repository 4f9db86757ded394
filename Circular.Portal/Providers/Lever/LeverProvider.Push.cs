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
            // Our own earlier push. Everything but the note went in with the create, in one call, but a crash may have cut
            // the push short after it (or the record was adopted): each step is ensured, so a retry finishes the push.
            return await EnsureStepsAsync(connection, marked, push, ct);
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

        push.ReportCvDelivered();
        var note = await AddNoteAsync(connection, opportunity.Id, performAs, NoteText(push), ct);
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

    /// <summary>
    /// Finishes an earlier push found by its marker: tag and source "Circular", the LinkedIn link, the CV (listed among the
    /// opportunity's resumes and files; uploaded when neither holds one) and the note (found by the marker in its text).
    /// </summary>
    private async Task<AtsPushResult> EnsureStepsAsync(AtsConnectionContext connection, LeverOpportunity marked, AtsCandidatePush push, CancellationToken ct)
    {
        var tagged = marked.Tags?.Contains(AtsCandidatePush.Tag) == true;
        var sourced = marked.Sources?.Contains(AtsCandidatePush.Source) == true;
        if (!tagged || !sourced) await AdoptAsync(connection, marked.Id, push.Marker, ct);
        var linkedIn = AtsStepOutcome.NotNeeded;
        if (!string.IsNullOrWhiteSpace(push.LinkedInUrl))
        {
            linkedIn = AtsStepOutcome.AlreadyThere;
            if (marked.Links?.Any(l => l.Contains("linkedin.com", StringComparison.OrdinalIgnoreCase)) != true)
            {
                // Vendor docs: https://hire.lever.co/developer/documentation#update-opportunity-links
                await SendAsync<JsonElement>(connection, Api(connection, "opportunities", marked.Id, "addLinks"), HttpMethod.Post,
                    JsonContent(new { links = new[] { push.LinkedInUrl } }), ct);
                linkedIn = AtsStepOutcome.Done;
            }
        }
        var performAs = connection.Credentials.ActingUserId ?? await DefaultActingUserAsync(connection, ct);
        var cv = await EnsureCvAsync(connection, marked.Id, performAs, push, ct);
        var note = AtsStepOutcome.NotNeeded;
        if (!string.IsNullOrWhiteSpace(push.Note))
        {
            var notes = await OptionalReadAsync(() => NotesAsync(connection, marked.Id, ct));
            note = notes is null ? AtsStepOutcome.NotAttempted
                : notes.Any(n => n.Contains(push.Marker, StringComparison.Ordinal)) ? AtsStepOutcome.AlreadyThere
                : await AddNoteAsync(connection, marked.Id, performAs, NoteText(push), ct);
        }
        return new AtsPushResult(marked.Id, LeverMapping.ApplicationId(marked), ReusedExisting: true)
        {
            Steps = new AtsPushSteps(tagged ? AtsStepOutcome.AlreadyThere : AtsStepOutcome.Done, sourced ? AtsStepOutcome.AlreadyThere : AtsStepOutcome.Done,
                cv, linkedIn, note),
        };
    }

    private async Task<AtsStepOutcome> EnsureCvAsync(AtsConnectionContext connection, string opportunityId, string performAs, AtsCandidatePush push, CancellationToken ct)
    {
        if (push.Cv is not { } cv) return AtsStepOutcome.NotNeeded;
        var held = await CvCountAsync(connection, opportunityId, ct);
        // Unreadable (scope not granted): uploading blind could add a second CV, so the step is left as not attempted.
        if (held is null) return AtsStepOutcome.NotAttempted;
        if (held > 0) return AtsStepOutcome.AlreadyThere;
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(cv.Content);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(cv.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", cv.FileName);
        // Vendor docs: https://hire.lever.co/developer/documentation#upload-a-single-file
        await SendAsync<JsonElement>(connection, Api(connection, "opportunities", opportunityId, "files").SetQueryParam("perform_as", performAs),
            HttpMethod.Post, form, ct);
        push.ReportCvDelivered();
        return AtsStepOutcome.Done;
    }

    /// <summary>The opportunity's resumes and files together; null when neither list may be read.</summary>
    internal async Task<int?> CvCountAsync(AtsConnectionContext connection, string opportunityId, CancellationToken ct)
    {
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-resumes
        var resumes = await OptionalReadAsync(() => CountAsync(connection, Api(connection, "opportunities", opportunityId, "resumes"), ct));
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-files
        var files = await OptionalReadAsync(() => CountAsync(connection, Api(connection, "opportunities", opportunityId, "files"), ct));
        return resumes is null && files is null ? null : (resumes ?? 0) + (files ?? 0);
    }

    private async Task<int?> CountAsync(AtsConnectionContext connection, IFlurlRequest request, CancellationToken ct) =>
        (await GetAsync<LeverPage<JsonElement>>(connection, request, ct)).Data?.Count ?? 0;

    private async Task<IReadOnlyList<string>?> NotesAsync(AtsConnectionContext connection, string opportunityId, CancellationToken ct)
    {
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-notes
        var page = await GetAsync<LeverPage<JsonElement>>(connection, Api(connection, "opportunities", opportunityId, "notes"), ct);
        return (page.Data ?? []).Select(n => n.GetRawText()).ToList();
    }

    /// <summary>A read the granted scopes may not cover: a 403 or 404 means "cannot tell", not a failed push.</summary>
    private static async Task<T?> OptionalReadAsync<T>(Func<Task<T?>> read)
    {
        try
        {
            return await read();
        }
        catch (AtsException e) when (e.Kind is AtsFailureKind.Permission or AtsFailureKind.Permanent)
        {
            return default;
        }
    }

    /// <summary>The marker in the note lets a retry tell whether the note already went in.</summary>
    private static string NoteText(AtsCandidatePush push) =>
        string.IsNullOrWhiteSpace(push.Note) ? "" : $"{push.Note}\n\n(Sent by Circular, reference {push.Marker})";

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
