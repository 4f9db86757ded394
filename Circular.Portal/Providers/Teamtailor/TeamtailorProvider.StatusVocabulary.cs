using Flurl;

namespace Circular.Portal.Providers.Teamtailor;

internal sealed partial class TeamtailorProvider
{
    /// <summary>Teamtailor's reject reasons (a reason not "rejected by company" is the candidate's own) and its stages.</summary>
    public async Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var items = new List<AtsStatusVocabularyItem>();
        // Vendor docs: https://docs.teamtailor.com/#reject-reasons
        foreach (var reason in await AllAsync(connection, "reject-reasons", ct))
        {
            var label = reason.Text("reason") ?? reason.Id;
            var byCompany = reason.Flag("rejected-by-company") != false;
            items.Add(new AtsStatusVocabularyItem(new AtsStatusTerm(AtsStatusTermKind.RejectionReason, reason.Id, label),
                byCompany ? AtsStatusMeaning.Rejected : AtsStatusMeaning.Withdrawn,
                byCompany ? "Rejected by the company" : "Rejected by the candidate"));
        }
        // Vendor docs: https://docs.teamtailor.com/#stages
        foreach (var stage in await AllAsync(connection, "stages", ct))
        {
            items.Add(new AtsStatusVocabularyItem(new AtsStatusTerm(AtsStatusTermKind.Stage, stage.Id, stage.Text("name") ?? stage.Id),
                TeamtailorMapping.IsHiredStage(stage) ? AtsStatusMeaning.Hired : AtsStatusMeaning.Ignore));
        }
        return items;
    }

    private async Task<List<TtIncluded>> AllAsync(AtsConnectionContext connection, string resource, CancellationToken ct)
    {
        var api = Api(connection);
        string? url = api.AppendPathSegment(resource).SetQueryParam("page[size]", Options.PageSize).ToString();
        var all = new List<TtIncluded>();
        while (url is not null)
        {
            var page = await GetAsync<TtDocument<List<TtIncluded>>>(connection, url, ct);
            all.AddRange(page.Data ?? []);
            url = NextPage(page.Links?.Next, api, url);
        }
        return all;
    }
}
