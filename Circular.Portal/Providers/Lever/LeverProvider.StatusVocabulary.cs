namespace Circular.Portal.Providers.Lever;

public sealed partial class LeverProvider
{
    /// <summary>Lever's archive reasons (typed hired or non-hired) and pipeline stages.</summary>
    public async Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var items = new List<AtsStatusVocabularyItem>();
        // Vendor docs: https://hire.lever.co/developer/documentation#list-archive-reasons
        await foreach (var reason in PagesAsync<LeverArchiveReason>(connection, () => Api(connection, "archive_reasons"), ct))
        {
            var meaning = LeverMapping.ToArchivedStatus(reason) switch
            {
                AtsApplicationStatus.Hired => AtsStatusMeaning.Hired,
                AtsApplicationStatus.Withdrawn => AtsStatusMeaning.Withdrawn,
                _ => AtsStatusMeaning.Rejected,
            };
            items.Add(new AtsStatusVocabularyItem(new AtsStatusTerm(AtsStatusTermKind.ArchiveReason, reason.Id, reason.Text ?? reason.Id), meaning,
                reason.Type is null ? null : $"Lever type: {reason.Type}"));
        }
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-stages
        await foreach (var stage in PagesAsync<LeverStage>(connection, () => Api(connection, "stages"), ct))
        {
            items.Add(new AtsStatusVocabularyItem(new AtsStatusTerm(AtsStatusTermKind.Stage, stage.Id, stage.Text ?? stage.Id), AtsStatusMeaning.Ignore));
        }
        return items;
    }
}
