using Circular.Portal.Marketplace;
using Circular.Portal.Providers;

namespace Circular.Portal.Sync.Status;

/// <summary>
/// Decides what a vendor status means for Circular: the admin's rule for the reason (when rejected or withdrawn) or the
/// stage wins; else a reason the vendor folder could not read waits for a rule; else the vendor folder's own reading.
/// </summary>
public static class StatusResolver
{
    public static StatusResolution Resolve(AtsStatusChange change, IReadOnlyDictionary<(AtsStatusTermKind Kind, string Id), AtsStatusMeaning> rules)
    {
        if (change.Status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn
            && change.ReasonTerm is { } reason && rules.TryGetValue((reason.Kind, reason.Id), out var byReason))
        {
            return From(byReason);
        }
        if (change.StageTerm is { } stage && change.Status is AtsApplicationStatus.Active or AtsApplicationStatus.Hired
            && rules.TryGetValue((stage.Kind, stage.Id), out var byStage))
        {
            return byStage == AtsStatusMeaning.Ignore && change.Status == AtsApplicationStatus.Active ? StatusResolution.Active : From(byStage);
        }
        if (change.NeedsRule) return StatusResolution.NeedsRule;
        return change.Status switch
        {
            AtsApplicationStatus.Hired => StatusResolution.Hired,
            AtsApplicationStatus.Rejected => StatusResolution.Rejected,
            AtsApplicationStatus.Withdrawn => StatusResolution.Withdrawn,
            _ => StatusResolution.Active,
        };
    }

    public static StatusResolution From(AtsStatusMeaning meaning) => meaning switch
    {
        AtsStatusMeaning.Hired => StatusResolution.Hired,
        AtsStatusMeaning.Rejected => StatusResolution.Rejected,
        AtsStatusMeaning.Withdrawn => StatusResolution.Withdrawn,
        _ => StatusResolution.Ignored,
    };

    /// <summary>The Circular stage a resolution moves the application to; null when it moves nothing.</summary>
    public static ApplicationStage? TargetStage(StatusResolution resolution) => resolution switch
    {
        StatusResolution.Hired => ApplicationStage.Hired,
        StatusResolution.Rejected => ApplicationStage.Rejected,
        StatusResolution.Withdrawn => ApplicationStage.Withdrawn,
        _ => null,
    };

    public static string Label(this AtsStatusMeaning meaning) => meaning switch
    {
        AtsStatusMeaning.Hired => "Hired",
        AtsStatusMeaning.Rejected => "Rejected",
        AtsStatusMeaning.Withdrawn => "Withdrawn",
        _ => "Ignore",
    };

    public static string Label(this AtsStatusTermKind kind) => kind switch
    {
        AtsStatusTermKind.ArchiveReason => "Archive reason",
        AtsStatusTermKind.DisqualificationReason => "Disqualification reason",
        AtsStatusTermKind.RejectionReason => "Rejection reason",
        _ => "Stage",
    };
}
