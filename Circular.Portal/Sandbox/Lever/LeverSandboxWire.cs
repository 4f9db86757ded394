using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Sandbox.Lever;

// Lever's JSON as documented, written from the docs (never from Providers/): camelCase, epoch milliseconds, nulls kept.

internal sealed record LeverWirePage<T>(IReadOnlyList<T> Data, bool HasNext, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

internal sealed record LeverWireData<T>(T Data);

internal sealed record LeverWireCreated<T>(bool Deduped, T Data);

internal sealed record LeverWireError(string Code, string Message);

internal sealed record LeverWireCategories(string Team, string Department, string Location, IReadOnlyList<string> AllLocations, string Commitment, string? Level);

internal sealed record LeverWireContent(string Description, string DescriptionHtml, IReadOnlyList<LeverWireList> Lists, string Closing, string ClosingHtml);

internal sealed record LeverWireList(string Text, string Content);

internal sealed record LeverWireUrls(string List, string Show, string? Apply);

internal sealed record LeverWirePosting(
    string Id, string Text, long CreatedAt, long UpdatedAt, string User, string Owner, string? HiringManager, string Confidentiality,
    LeverWireCategories Categories, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LeverWireContent? Content,
    IReadOnlyList<string> Tags, string State, IReadOnlyList<string> DistributionChannels, IReadOnlyList<string> RequisitionCodes,
    string Country, LeverWireUrls Urls, string WorkplaceType);

internal sealed record LeverWirePhone(string Type, string Value);

internal sealed record LeverWireArchived(long ArchivedAt, string Reason);

internal sealed record LeverWireStageChange(string ToStageId, int ToStageIndex, long UpdatedAt, string UserId);

internal sealed record LeverWireOpportunity(
    string Id, string Name, string? Headline, string Contact, IReadOnlyList<string> Emails, IReadOnlyList<LeverWirePhone> Phones,
    string Confidentiality, string? Location, IReadOnlyList<string> Links, long CreatedAt, long UpdatedAt, long LastInteractionAt,
    long LastAdvancedAt, long? SnoozedUntil, LeverWireArchived? Archived, string Stage, IReadOnlyList<LeverWireStageChange> StageChanges,
    string Owner, IReadOnlyList<string> Followers, IReadOnlyList<string> Tags, IReadOnlyList<string> Sources, string Origin, string SourcedBy,
    IReadOnlyList<object> Applications, LeverWireUrls Urls, object? DataProtection, bool IsAnonymized);

internal sealed record LeverWireApplication(
    string Id, string Type, string CandidateId, string OpportunityId, string Posting, string PostingOwner, string User, long CreatedAt, LeverWireArchived? Archived);

internal sealed record LeverWireUser(string Id, string Name, string Username, string Email, string AccessRole, long CreatedAt, long? DeactivatedAt);

internal sealed record LeverWireStage(string Id, string Text);

internal sealed record LeverWireArchiveReason(string Id, string Text, string Status, string Type);

internal sealed record LeverWireFile(string Id, string DownloadUrl, string Ext, string Name, long UploadedAt, string Status, long Size);

internal sealed record LeverWireWebhook(string Id, string Event, string Url, LeverWireWebhookConfiguration Configuration, long CreatedAt);

internal sealed record LeverWireWebhookConfiguration(string SignatureToken, object? Conditions);

internal static class LeverSandboxWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LeverWirePosting Posting(LeverSandboxAccountState account, LeverSandboxPosting p, bool includeContent) => new(
        p.Id, p.Text, p.CreatedAt, p.UpdatedAt, p.OwnerId, p.OwnerId, account.Users.Count > 1 ? account.Users[1].Id : null, p.Confidentiality,
        new LeverWireCategories(p.Team, p.Department, p.Location, [p.Location], p.Commitment, null),
        includeContent ? new LeverWireContent("", p.DescriptionHtml, p.Lists.Select(l => new LeverWireList(l.Text, l.Content)).ToList(), "", "<div>We look forward to meeting you.</div>") : null,
        [], p.State, p.State == "internal" ? ["internal"] : ["public", "internal"], [], p.Country,
        new LeverWireUrls($"https://jobs.lever.co/{account.Site}", $"https://jobs.lever.co/{account.Site}/{p.Id}", $"https://jobs.lever.co/{account.Site}/{p.Id}/apply"),
        p.WorkplaceType);

    public static LeverWireOpportunity Opportunity(LeverSandboxAccountState account, LeverSandboxOpportunity o, bool expandApplications)
    {
        var archived = o.ArchivedAt is { } at ? new LeverWireArchived(at, o.ArchiveReasonId ?? "") : null;
        IReadOnlyList<object> applications = o.ApplicationId is null ? []
            : expandApplications
                ? [new LeverWireApplication(o.ApplicationId, "user", o.Id, o.Id, o.PostingId!, o.OwnerId, o.OwnerId, o.CreatedAt, archived)]
                : [o.ApplicationId];
        var host = account.Environment == "sandbox" ? "hire.sandbox.lever.co" : "hire.lever.co";
        return new LeverWireOpportunity(
            o.Id, o.Name, o.Headline, o.ContactId, o.Emails.ToList(), o.Phones.Select(p => new LeverWirePhone(p.Type, p.Value)).ToList(),
            "non-confidential", o.Location, o.Links.ToList(), o.CreatedAt, o.UpdatedAt, o.UpdatedAt, o.LastAdvancedAt, null, archived,
            o.StageId, o.StageChanges.Select(c => new LeverWireStageChange(c.StageId, c.Index, c.At, c.UserId)).ToList(),
            o.OwnerId, [o.OwnerId], o.Tags.ToList(), o.Sources.ToList(), o.Origin, o.OwnerId, applications,
            new LeverWireUrls($"https://{host}/candidates", $"https://{host}/candidates/{o.Id}", null), null, false);
    }

    public static LeverWireUser User(LeverSandboxUser u) =>
        new(u.Id, u.Name, u.Email.Split('@')[0], u.Email, u.AccessRole, u.CreatedAt, null);

    public static LeverWirePage<T> Page<T>(IReadOnlyList<T> items, int start, int limit)
    {
        var slice = items.Skip(start).Take(limit).ToList();
        var hasNext = start + slice.Count < items.Count;
        // Opaque to clients; it names the position so a client can only pass back what it was given.
        return new LeverWirePage<T>(slice, hasNext, hasNext ? $"0.{start + slice.Count}.{Guid.NewGuid():N}" : null);
    }
}
