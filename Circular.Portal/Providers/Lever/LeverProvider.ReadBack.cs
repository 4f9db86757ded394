using System.Text.Json;
using static Circular.Portal.Providers.AtsReadBackJson;

namespace Circular.Portal.Providers.Lever;

public sealed partial class LeverProvider
{
    public async Task<AtsReadBack?> ReadBackAsync(AtsConnectionContext connection, AtsCandidatePush push, AtsPushResult pushed, CancellationToken ct)
    {
        // Vendor docs: https://hire.lever.co/developer/documentation#retrieve-a-single-opportunity
        var body = await GetAsync<JsonElement>(connection, Api(connection, "opportunities", pushed.CandidateId), ct);
        var o = Child(body, "data");
        // The opportunity does not show its files; the resume list is a separate read (not checked here).
        return new AtsReadBack(Has(o, "tags", AtsCandidatePush.Tag), Has(o, "sources", AtsCandidatePush.Source), null, Contains(o, "links", "linkedin.com"));
    }
}
