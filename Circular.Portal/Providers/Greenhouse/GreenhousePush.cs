using System.Globalization;
using System.Text.Json;

namespace Circular.Portal.Providers.Greenhouse;

internal sealed partial class GreenhouseProvider
{
    /// <summary>
    /// Find before create: Harvest v3 has no idempotency key and no searchable field for our marker, so the lookup key is
    /// the candidate's email (GET /v3/candidates?email=) plus an application on the same job. The marker is written into
    /// the candidate note so a recruiter can trace the push.
    /// </summary>
    public async Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct)
    {
        if (!long.TryParse(push.JobExternalId, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent, $"\"{push.JobExternalId}\" is not a Greenhouse job id.");
        }
        var sourceId = await SourceIdAsync(connection, ct);
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-candidates
        var existing = (await api.AllAsync<GhCandidate>(connection, api.Url("candidates").SetQueryParam("email", push.Email), ct)).FirstOrDefault();
        if (existing is null)
        {
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/post_v3-candidates
            var created = await api.PostAsync(connection, api.Url("candidates"), NewCandidate(push, jobId, sourceId), ct);
            var (candidateId, applicationId) = ReadCreated(created);
            applicationId ??= (await ApplicationsAsync(connection, candidateId, ct)).FirstOrDefault(a => JobOf(a) == jobId)?.Id
                ?? throw new AtsException(Kind, AtsFailureKind.Transient, "Greenhouse created the candidate but has not shown the application yet.");
            await AttachCvAsync(connection, applicationId.Value, push, ct);
            await AddNoteAsync(connection, candidateId, applicationId.Value, push, ct);
            return new AtsPushResult(GreenhouseMapping.Id(candidateId), GreenhouseMapping.Id(applicationId.Value), false);
        }

        var application = (await ApplicationsAsync(connection, existing.Id, ct)).FirstOrDefault(a => JobOf(a) == jobId);
        if (application is not null)
        {
            var ours = (sourceId is not null && application.SourceId == sourceId) || existing.Tags?.Contains(AtsCandidatePush.Tag) == true;
            if (!ours)
            {
                // The person applied to this job without Circular: not adopted, not tagged, no CV or note added.
                return new AtsPushResult(GreenhouseMapping.Id(existing.Id), GreenhouseMapping.Id(application.Id), true)
                {
                    Outcome = AtsPushOutcome.AlreadyInAtsNotOurs,
                };
            }
            await EnsureTagAsync(connection, existing, ct);
            // A retry after a crash between create and upload completes the push; Greenhouse replaces the prior resume,
            // so re-sending ours never leaves two CVs. Someone else's application keeps its own CV.
            await AttachCvAsync(connection, application.Id, push, ct);
            // The note carries the marker: added only when the crash came before it.
            if (!await HasNoteAsync(connection, existing.Id, push, ct)) await AddNoteAsync(connection, existing.Id, application.Id, push, ct);
            return new AtsPushResult(GreenhouseMapping.Id(existing.Id), GreenhouseMapping.Id(application.Id), true);
        }

        // Vendor docs: https://harvestdocs.greenhouse.io/reference/post_v3-applications
        var body = await api.PostAsync(connection, api.Url("applications"), new GhApplicationCreate(existing.Id, jobId, sourceId), ct);
        var added = GhJson.Read<GhApplication>(body) ?? throw new AtsException(Kind, AtsFailureKind.Transient, "Greenhouse sent no application.");
        await EnsureTagAsync(connection, existing, ct);
        await AttachCvAsync(connection, added.Id, push, ct);
        await AddNoteAsync(connection, existing.Id, added.Id, push, ct);
        return new AtsPushResult(GreenhouseMapping.Id(existing.Id), GreenhouseMapping.Id(added.Id), true);
    }

    private static GhCandidateCreate NewCandidate(AtsCandidatePush push, long jobId, long? sourceId) => new(
        push.FirstName,
        push.LastName,
        [new GhValue(push.Email, "personal")],
        push.Phone is { Length: > 0 } phone ? [new GhValue(phone, "mobile")] : [],
        // v3 social media addresses are untyped: the LinkedIn URL goes in as a bare value.
        push.LinkedInUrl is { Length: > 0 } linkedIn ? [new GhValue(linkedIn)] : [],
        [AtsCandidatePush.Tag],
        new GhApplicationCreate(null, jobId, sourceId));

    /// <summary>The create response is { candidate, application } in v3 notes, or a bare candidate (v1 had applications[]); both are read.</summary>
    internal static (long CandidateId, long? ApplicationId) ReadCreated(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var candidate = root.TryGetProperty("candidate", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object ? wrapped : root;
        long? applicationId = root.TryGetProperty("application", out var app) && app.ValueKind == JsonValueKind.Object && app.TryGetProperty("id", out var appId)
            ? appId.GetInt64()
            : candidate.TryGetProperty("applications", out var apps) && apps.ValueKind == JsonValueKind.Array && apps.GetArrayLength() > 0
                ? apps[0].GetProperty("id").GetInt64()
                : candidate.TryGetProperty("application_ids", out var ids) && ids.ValueKind == JsonValueKind.Array && ids.GetArrayLength() > 0
                    ? ids[0].GetInt64()
                    : null;
        return (candidate.GetProperty("id").GetInt64(), applicationId);
    }

    private async Task AttachCvAsync(AtsConnectionContext connection, long applicationId, AtsCandidatePush push, CancellationToken ct)
    {
        if (push.Cv is not { } cv) return;
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/post_v3-attachments (base64 content; a resume replaces the prior one)
        await api.PostAsync(connection, api.Url("attachments"),
            new GhAttachmentCreate(applicationId, cv.FileName, "resume", Convert.ToBase64String(cv.Content), cv.ContentType), ct);
        push.ReportCvDelivered();
    }

    private async Task AddNoteAsync(AtsConnectionContext connection, long candidateId, long applicationId, AtsCandidatePush push, CancellationToken ct)
    {
        long? author = long.TryParse(connection.Credentials.ActingUserId, CultureInfo.InvariantCulture, out var userId) ? userId : null;
        var text = $"{push.Note}\n\nCircular reference: {push.Marker}";
        try
        {
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/post_v3-notes (body shape unconfirmed; v1 used activity_feed/notes)
            await api.PostAsync(connection, api.Url("notes"), new GhNoteCreate(candidateId, applicationId, author, text, "public"), ct);
        }
        catch (AtsException e) when (e.Kind != AtsFailureKind.Auth)
        {
            // The candidate and CV are in; a missing note must not make the outbox push them again.
            log.LogWarning("Greenhouse note for candidate {CandidateId} was not added ({Failure})", candidateId, e.Kind);
        }
    }

    private async Task<bool> HasNoteAsync(AtsConnectionContext connection, long candidateId, AtsCandidatePush push, CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-notes
        var notes = await OptionalAsync(() => api.AllAsync<JsonElement>(connection, api.Url("notes").SetQueryParam("candidate_ids", candidateId), ct));
        return notes.Any(n => n.GetRawText().Contains(push.Marker, StringComparison.Ordinal));
    }

    private async Task EnsureTagAsync(AtsConnectionContext connection, GhCandidate candidate, CancellationToken ct)
    {
        if (candidate.Tags?.Contains(AtsCandidatePush.Tag) == true) return;
        try
        {
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-candidate-tags
            var tags = await api.AllAsync<GhNamed>(connection, api.Url("candidate_tags"), ct);
            var tagId = tags.FirstOrDefault(t => t.Name == AtsCandidatePush.Tag)?.Id;
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/post_v3-candidate-tags
            tagId ??= GhJson.Read<GhNamed>(await api.PostAsync(connection, api.Url("candidate_tags"), new GhTagCreate(AtsCandidatePush.Tag), ct))?.Id;
            if (tagId is null) return;
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/post_v3-applied-candidate-tags
            await api.PostAsync(connection, api.Url("applied_candidate_tags"), new GhAppliedTagCreate(candidate.Id, tagId.Value), ct);
        }
        catch (AtsException e) when (e.Kind is AtsFailureKind.Permission or AtsFailureKind.Permanent)
        {
            log.LogWarning("Greenhouse tag for candidate {CandidateId} was not applied ({Failure})", candidate.Id, e.Kind);
        }
    }

    private Task<List<GhApplication>> ApplicationsAsync(AtsConnectionContext connection, long candidateId, CancellationToken ct) =>
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-applications
        api.AllAsync<GhApplication>(connection, api.Url("applications").SetQueryParam("candidate_ids", candidateId), ct);

    private static long? JobOf(GhApplication application) => application.JobId ?? application.Jobs?.FirstOrDefault()?.Id;

    private async Task<long?> SourceIdAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var name = api.Options.SourceName;
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-sources
        var sources = await OptionalAsync(() => api.AllAsync<GhSource>(connection, api.Url("sources"), ct));
        return sources.FirstOrDefault(s => string.Equals(s.Name ?? s.PublicName, name, StringComparison.OrdinalIgnoreCase))?.Id;
    }
}
