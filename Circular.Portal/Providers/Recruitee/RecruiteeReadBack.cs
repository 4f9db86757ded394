using System.Text.Json;
using static Circular.Portal.Providers.AtsReadBackJson;

namespace Circular.Portal.Providers.Recruitee;

internal sealed class RecruiteeReadBack(RecruiteeApi api)
{
    public async Task<AtsReadBack?> ReadAsync(AtsConnectionContext connection, AtsPushResult pushed, CancellationToken ct)
    {
        // Vendor docs: https://docs.recruitee.com/reference/candidatesid-get
        var body = await api.GetAsync<JsonElement>(connection, ["candidates", pushed.CandidateId], null, ct);
        var c = Child(body, "candidate");
        return new AtsReadBack(Has(c, "tags", AtsCandidatePush.Tag), Has(c, "sources", AtsCandidatePush.Source),
            Present(c, "cv_url") || Present(c, "cv_original_url"), Contains(c, "social_links", "linkedin.com") || Contains(c, "links", "linkedin.com"));
    }
}
