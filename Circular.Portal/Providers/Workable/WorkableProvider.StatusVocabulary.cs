namespace Circular.Portal.Providers.Workable;

public sealed partial class WorkableProvider
{
    /// <summary>Workable's disqualification reasons (each says whether the candidate withdrew) and its pipeline stages.</summary>
    public async Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        // Vendor docs: https://workable.readme.io/reference/disqualification_reasons
        var reasons = await GetAsync<WorkableReasonsPage>(connection, ApiUrl(connection, "disqualification_reasons"), ct);
        // Vendor docs: https://workable.readme.io/reference/stages
        var stages = await GetAsync<WorkableStagesPage>(connection, ApiUrl(connection, "stages"), ct);
        var items = (reasons.DisqualificationReasons ?? [])
            .Where(r => !string.IsNullOrWhiteSpace(r.Id))
            .Select(r => new AtsStatusVocabularyItem(
                new AtsStatusTerm(AtsStatusTermKind.DisqualificationReason, r.Id!, r.Description ?? r.Id!),
                r.CandidateWithdrew == true ? AtsStatusMeaning.Withdrawn : AtsStatusMeaning.Rejected,
                r.CandidateWithdrew == true ? "Workable marks it as the candidate's own withdrawal" : null))
            .ToList();
        items.AddRange((stages.Stages ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s.Slug))
            .Select(s => new AtsStatusVocabularyItem(
                new AtsStatusTerm(AtsStatusTermKind.Stage, s.Slug!, s.Name ?? s.Slug!),
                string.Equals(s.Kind, "hired", StringComparison.OrdinalIgnoreCase) ? AtsStatusMeaning.Hired : AtsStatusMeaning.Ignore,
                s.Kind is null ? null : $"Workable kind: {s.Kind}")));
        return items;
    }
}
