using System.Text.Json;
using static Circular.Portal.Providers.AtsReadBackJson;

namespace Circular.Portal.Providers.Workable;

public sealed partial class WorkableProvider
{
    public async Task<AtsReadBack?> ReadBackAsync(AtsConnectionContext connection, AtsCandidatePush push, AtsPushResult pushed, CancellationToken ct)
    {
        // Vendor docs: https://workable.readme.io/reference/job-candidates-show
        var body = await GetAsync<JsonElement>(connection, ApiUrl(connection, "candidates", pushed.CandidateId), ct);
        var c = Child(body, "candidate");
        return new AtsReadBack(
            Has(c, "tags", AtsCandidatePush.Tag),
            Has(c, "domain", AtsCandidatePush.Source),
            Present(c, "resume_url"),
            Contains(c, "social_profiles", "linkedin.com"));
    }
}
