using System.Net;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Providers.Lever;

internal static class LeverMapping
{
    public static AtsJobRecord ToJob(LeverPosting posting) => new(
        posting.Id,
        string.IsNullOrWhiteSpace(posting.Text) ? "(untitled posting)" : posting.Text.Trim(),
        ToJobStatus(posting.State),
        Blank(posting.Categories?.Location) ?? posting.Categories?.AllLocations?.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)),
        Blank(posting.Categories?.Department) ?? Blank(posting.Categories?.Team),
        Blank(posting.Categories?.Commitment),
        DescriptionHtml(posting.Content),
        ToTime(posting.UpdatedAt ?? posting.CreatedAt),
        Blank(posting.Urls?.Show))
    {
        VendorState = IsConfidential(posting) ? $"{posting.State ?? "unknown"}, confidential" : posting.State,
        Internal = ToJobStatus(posting.State) == AtsJobStatus.Open
                   && (string.Equals(posting.State, "internal", StringComparison.OrdinalIgnoreCase) || IsConfidential(posting)),
    };

    public static bool IsConfidential(LeverPosting posting) =>
        string.Equals(posting.Confidentiality, "confidential", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "internal" is Lever's API name for a posting listed only internally (UI: unlisted); it still takes candidates, so it is
    /// open, and marked internal so the import takes it only when the admin asks.
    /// </summary>
    public static AtsJobStatus ToJobStatus(string? state) => state?.ToLowerInvariant() switch
    {
        "published" or "internal" => AtsJobStatus.Open,
        "closed" => AtsJobStatus.Closed,
        _ => AtsJobStatus.Draft, // draft, pending (awaiting approval), rejected (approval refused), or unknown
    };

    /// <summary>Lever splits the ad into description, titled lists and a closing; the portal shows them as one document.</summary>
    public static string? DescriptionHtml(LeverPostingContent? content)
    {
        if (content is null) return null;
        var html = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(content.DescriptionHtml)) html.Append(content.DescriptionHtml);
        else if (!string.IsNullOrWhiteSpace(content.Description)) html.Append("<p>").Append(WebUtility.HtmlEncode(content.Description)).Append("</p>");
        foreach (var list in content.Lists ?? [])
        {
            if (!string.IsNullOrWhiteSpace(list.Text)) html.Append("<h3>").Append(WebUtility.HtmlEncode(list.Text)).Append("</h3>");
            if (!string.IsNullOrWhiteSpace(list.Content)) html.Append("<ul>").Append(list.Content).Append("</ul>");
        }
        if (!string.IsNullOrWhiteSpace(content.ClosingHtml)) html.Append(content.ClosingHtml);
        return html.Length == 0 ? null : html.ToString();
    }

    /// <summary>Applications come as ids, or as objects when expanded; an opportunity holds at most one.</summary>
    public static string ApplicationId(LeverOpportunity opportunity)
    {
        foreach (var app in opportunity.Applications ?? [])
        {
            if (app.ValueKind == JsonValueKind.String && app.GetString() is { Length: > 0 } id) return id;
            if (app.ValueKind == JsonValueKind.Object && app.TryGetProperty("id", out var idProp) && idProp.GetString() is { Length: > 0 } expanded) return expanded;
        }
        // Candidates created without a posting have no application; the opportunity itself is what we follow.
        return opportunity.Id;
    }

    public static (string? ReasonId, long? ArchivedAt) Archive(LeverOpportunity o) =>
        o.Archived is { } a ? (a.Reason, a.ArchivedAt) : (o.ArchiveReason, o.ArchivedAt);

    public static AtsStatusChange ToStatusChange(LeverOpportunity o, IReadOnlyDictionary<string, LeverArchiveReason> reasons)
    {
        var (reasonId, archivedAt) = Archive(o);
        var when = ToTime(archivedAt ?? o.UpdatedAt ?? o.LastAdvancedAt ?? o.CreatedAt) ?? DateTimeOffset.UnixEpoch;
        if (reasonId is null && archivedAt is null)
        {
            return new AtsStatusChange(o.Id, ApplicationId(o), AtsApplicationStatus.Active, null, ToTime(o.UpdatedAt ?? o.LastAdvancedAt ?? o.CreatedAt) ?? when)
            {
                StageTerm = o.Stage is { Length: > 0 } current ? new AtsStatusTerm(AtsStatusTermKind.Stage, current, current) : null,
            };
        }
        reasons.TryGetValue(reasonId ?? "", out var reason);
        var status = ToArchivedStatus(reason);
        return new AtsStatusChange(o.Id, ApplicationId(o), status, status == AtsApplicationStatus.Hired ? null : reason?.Text ?? "Archived", when)
        {
            ReasonTerm = reasonId is null ? null : new AtsStatusTerm(AtsStatusTermKind.ArchiveReason, reasonId, reason?.Text ?? reasonId),
            StageTerm = o.Stage is { Length: > 0 } stage ? new AtsStatusTerm(AtsStatusTermKind.Stage, stage, stage) : null,
            // A reason the account does not list (deleted, or new since) cannot be read as hired or not: it waits for a rule.
            NeedsRule = reason is null,
        };
    }

    /// <summary>Lever archives for two reasons, hired or not; a "withdrew" reason is the candidate's own decision.</summary>
    public static AtsApplicationStatus ToArchivedStatus(LeverArchiveReason? reason)
    {
        if (string.Equals(reason?.Type, "hired", StringComparison.OrdinalIgnoreCase)) return AtsApplicationStatus.Hired;
        var text = reason?.Text ?? "";
        return text.Contains("withdr", StringComparison.OrdinalIgnoreCase) ? AtsApplicationStatus.Withdrawn : AtsApplicationStatus.Rejected;
    }

    public static DateTimeOffset? ToTime(long? ms) => ms is { } v and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
