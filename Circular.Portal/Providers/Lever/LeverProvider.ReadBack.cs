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
        // The opportunity does not show its files: its resumes and files are listed apart (null when those reads are not granted).
        var cvs = push.Cv is null ? null : await CvCountAsync(connection, pushed.CandidateId, ct);
        return new AtsReadBack(Has(o, "tags", AtsCandidatePush.Tag), Has(o, "sources", AtsCandidatePush.Source), cvs is null ? null : cvs > 0,
            Contains(o, "links", "linkedin.com"));
    }
}
