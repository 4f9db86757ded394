using System.Text.Json;
using static Circular.Portal.Providers.AtsReadBackJson;

namespace Circular.Portal.Providers.Teamtailor;

internal sealed partial class TeamtailorProvider
{
    public async Task<AtsReadBack?> ReadBackAsync(AtsConnectionContext connection, AtsCandidatePush push, AtsPushResult pushed, CancellationToken ct)
    {
        // Vendor docs: https://docs.teamtailor.com/#get-candidate
        var body = await GetAsync<JsonElement>(connection, $"{Api(connection)}/candidates/{Uri.EscapeDataString(pushed.CandidateId)}", ct);
        var a = Child(Child(body, "data"), "attributes");
        // No writable source field: the "sourced" flag is what Teamtailor shows for where the person came from.
        return new AtsReadBack(Has(a, "tags", AtsCandidatePush.Tag), Present(a, "sourced"),
            Present(a, "resume") || Present(a, "original-resume"), Contains(a, "linkedin-url", "linkedin.com"));
    }
}
