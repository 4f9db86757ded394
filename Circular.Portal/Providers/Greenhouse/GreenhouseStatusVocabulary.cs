namespace Circular.Portal.Providers.Greenhouse;

internal sealed partial class GreenhouseProvider
{
    /// <summary>
    /// Greenhouse's rejection reasons: "They rejected us" is the candidate's own choice (withdrawn), the others are the
    /// company's. Hired is an application status in Greenhouse, not a reason or stage, so it needs no rule.
    /// </summary>
    public async Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-rejection-reasons
        var reasons = await api.AllAsync<GhRejectionReason>(connection, api.Url("rejection_reasons").SetQueryParam("include_defaults", "true"), ct);
        return reasons.Select(r => new AtsStatusVocabularyItem(
                new AtsStatusTerm(AtsStatusTermKind.RejectionReason, GreenhouseMapping.Id(r.Id), r.Name ?? GreenhouseMapping.Id(r.Id)),
                GreenhouseMapping.IsCandidateChoice(r.Type) ? AtsStatusMeaning.Withdrawn : AtsStatusMeaning.Rejected,
                r.Type?.Name))
            .ToList();
    }
}
