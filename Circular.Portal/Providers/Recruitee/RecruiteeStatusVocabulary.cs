namespace Circular.Portal.Providers.Recruitee;

internal sealed partial class RecruiteeProvider
{
    /// <summary>
    /// Recruitee's disqualify reasons. Recruitee has no "withdrawn" state, so a reason that says the candidate withdrew
    /// is read as a withdrawal by default. Stages differ per offer pipeline; a hire stage is hired whatever its name.
    /// </summary>
    public async Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        // Vendor docs: https://docs.recruitee.com/reference (disqualify_reasons; listed by public clients)
        var page = await api.GetAsync<RecruiteeReasonsPage>(connection, ["disqualify_reasons"], null, ct);
        return (page.DisqualifyReasons ?? [])
            .Select(r => new AtsStatusVocabularyItem(
                new AtsStatusTerm(AtsStatusTermKind.DisqualificationReason, r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name ?? r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                RecruiteeMapping.RejectionStatus(r.Name) == AtsApplicationStatus.Withdrawn ? AtsStatusMeaning.Withdrawn : AtsStatusMeaning.Rejected))
            .ToList();
    }
}
