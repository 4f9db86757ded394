using Circular.Portal.Data;
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

/// <summary>The changes of one status run (a poll, or a batch of webhooks) of one connection, for its one email.</summary>
public sealed class StatusDigest
{
    private readonly List<StatusNotice> _changes = [];

    public IReadOnlyList<StatusNotice> Changes => _changes;

    public void Add(StatusNotice notice) => _changes.Add(notice);
}

/// <summary>
/// Tells the admins what a status run changed: a bell per change, written in the same save as the change itself, and one
/// email per connection per run (a single change is its own email; several become one digest, with a bell of its own).
/// </summary>
public sealed class StatusNotices(Notifier notifier)
{
    /// <summary>The bell for one change, unsaved: it commits with the change.</summary>
    public Task AddBellAsync(PortalDbContext db, int companyId, StatusNotice notice, CancellationToken ct) =>
        notifier.AddForAdminsAsync(db, companyId, notice.Title, notice.Body, notice.Link, notice.Level, sendEmail: false, ct);

    /// <summary>The run's email (or digest), unsaved: it commits with the run's record.</summary>
    public async Task AddDigestAsync(PortalDbContext db, int companyId, string vendor, IReadOnlyList<StatusNotice> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        if (changes.Count == 1)
        {
            var only = changes[0];
            await notifier.AddEmailsForAdminsAsync(db, companyId, only.Title, only.Body, only.Link, ct);
            return;
        }
        var digest = string.Join("\n", changes.Select(c => $"- {c.Body}"));
        await notifier.AddForAdminsAsync(db, companyId, $"{vendor}: {changes.Count} status changes",
            $"Since the last sync with {vendor}:\n{digest}", "/candidates", NotificationLevel.Info, sendEmail: true, ct);
    }
}
