using Circular.Portal.Marketplace;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;

namespace Circular.Portal.Sync.Status;

/// <summary>One line of news for the admins from a status run.</summary>
public sealed record StatusNotice(string Title, string Body, string Link, NotificationLevel Level)
{
    public static StatusNotice Moved(Application application, string candidate, string vendor, ApplicationStage to, string? reason) => new(
        $"{candidate}: {to.Label().ToLowerInvariant()} in {vendor}",
        reason is null ? $"{vendor} says {candidate} is {to.Label().ToLowerInvariant()}." : $"{vendor} says {candidate} is {to.Label().ToLowerInvariant()}: {reason}",
        $"/candidates/{application.CandidateId}",
        to == ApplicationStage.Hired ? NotificationLevel.Success : NotificationLevel.Info);

    public static StatusNotice NeedsRule(Application application, string candidate, string vendor, AtsStatusChange o, int connectionId) => new(
        $"{vendor}: a status needs a rule",
        $"{vendor} gave {candidate} the reason \"{o.Reason ?? o.ReasonTerm?.Label ?? o.ReasonTerm?.Id}\", which has no status rule yet, so Circular did not move the application. "
        + "Add the status rule on the Status mapping page.",
        $"/integrations/{vendor.ToLowerInvariant()}/status-rules",
        NotificationLevel.Warning);
}

/// <summary>
/// Tells the admins what a status run changed: a bell per change, and one email per connection per run (a single change
/// is its own email; several become one digest listing them).
/// </summary>
public sealed class StatusNotices(Notifier notifier)
{
    public async Task SendAsync(int companyId, string vendor, IReadOnlyList<StatusNotice> changes, CancellationToken ct)
    {
        if (changes.Count == 1)
        {
            var only = changes[0];
            await notifier.NotifyAdminsAsync(companyId, only.Title, only.Body, only.Link, only.Level, sendEmail: true, ct);
            return;
        }
        foreach (var change in changes)
        {
            await notifier.NotifyAdminsAsync(companyId, change.Title, change.Body, change.Link, change.Level, sendEmail: false, ct);
        }
        var digest = string.Join("\n", changes.Select(c => $"- {c.Body}"));
        await notifier.NotifyAdminsAsync(companyId, $"{vendor}: {changes.Count} status changes",
            $"Since the last sync with {vendor}:\n{digest}", "/candidates", NotificationLevel.Info, sendEmail: true, ct);
    }
}
