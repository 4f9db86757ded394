using System.Text.Json;
using static Circular.Portal.Providers.AtsReadBackJson;

namespace Circular.Portal.Providers.Greenhouse;

internal sealed partial class GreenhouseProvider
{
    /// <summary>
    /// Reads the pushed candidate and application back (Harvest v3 lists filtered by id): the "Circular" tag on the
    /// candidate, the Circular source on the application, a resume attachment on it, and the LinkedIn address among the
    /// candidate's social media addresses. A read the granted scopes do not cover stays unknown.
    /// </summary>
    public async Task<AtsReadBack?> ReadBackAsync(AtsConnectionContext connection, AtsCandidatePush push, AtsPushResult pushed, CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-candidates
        var candidate = (await api.AllAsync<JsonElement>(connection, api.Url("candidates").SetQueryParam("ids", pushed.CandidateId), ct)).FirstOrDefault();
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-applications
        var application = (await api.AllAsync<GhApplication>(connection, api.Url("applications").SetQueryParam("ids", pushed.ApplicationId), ct)).FirstOrDefault();
        var sourceId = await SourceIdAsync(connection, ct);
        bool? cv = null;
        if (push.Cv is not null)
        {
            try
            {
                // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-attachments
                var attachments = await api.AllAsync<JsonElement>(connection, api.Url("attachments").SetQueryParam("application_ids", pushed.ApplicationId), ct);
                cv = attachments.Any(a => Has(a, "type", "resume"));
            }
            catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
            {
                // Not granted: unknown, not missing.
            }
        }
        var name = candidate.ValueKind == JsonValueKind.Object
            ? $"{Child(candidate, "first_name").ToString()} {Child(candidate, "last_name").ToString()}".Trim()
            : null;
        return new AtsReadBack(
            Has(candidate, "tags", AtsCandidatePush.Tag),
            sourceId is null ? null : application?.SourceId == sourceId,
            cv,
            Contains(candidate, "social_media_addresses", "linkedin.com"),
            name);
    }
}
