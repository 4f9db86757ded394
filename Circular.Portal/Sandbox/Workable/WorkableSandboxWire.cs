using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Sandbox.Workable;

// Workable SPI v3 wire shapes as the emulator writes and reads them, from the vendor docs and recorded responses.
// Written independently of the provider's models so a misreading on either side fails a contract test.

internal static class WorkableWireJson
{
    // Workable writes empty values as null rather than leaving fields out.
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A JSON API, never embedded in a page: HTML descriptions and next links stay as the vendor writes them.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? at) => at is { } value ? Time(value) : null;
}

internal sealed record WireError(string Error);

internal sealed record WirePaging(string Next);

internal sealed record WireAccountRef(string Subdomain, string Name);

internal sealed record WireJobRef(string Shortcode, string Title);

internal sealed record WireAccount(string Id, string Name, string Subdomain, string? Description, string? Summary, string? WebsiteUrl);

internal sealed record WireMember(string Id, string Name, string? Headline, string Email, string Role, IReadOnlyList<string> Roles, bool Active);

internal sealed record WireDepartment(int Id, string Name);

internal sealed record WireLocation(
    string? LocationStr, string? Country, string? CountryCode, string? Region, string? RegionCode, string? City, string? ZipCode,
    bool Telecommuting, string WorkplaceType);

internal sealed record WireJob(
    string Id, string Title, string FullTitle, string Shortcode, string Code, string State, bool Confidential,
    string? Department, IReadOnlyList<WireDepartment> DepartmentHierarchy, string Url, string ApplicationUrl, string Shortlink,
    string WorkplaceType, WireLocation Location, string CreatedAt, string UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EmploymentType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FullDescription = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Requirements = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Benefits = null);

internal sealed record WireStage(string Slug, string Name, string Kind, int Position);

internal sealed record WireReason(string Id, string Description, bool CandidateWithdrew, int Position);

/// <summary>The reduced list view of GET /candidates.</summary>
internal sealed record WireCandidateSummary(
    string Id, string Name, string Firstname, string Lastname, string? Headline, WireAccountRef Account, WireJobRef Job,
    string Stage, string StageKind, bool Disqualified, bool Withdrew, bool Anonymized, string? DisqualificationReason,
    string? HiredAt, string? MovedToOfferAt, bool Sourced, string ProfileUrl, string? Address, string? Phone, string Email,
    string? Domain, string? Outlet, string CreatedAt, string UpdatedAt);

internal sealed record WireSocialProfile(string Type, string Name, string Url);

/// <summary>The detail view of GET /candidates/{id}, the create answer and the webhook data.</summary>
internal sealed record WireCandidateDetail(
    string Id, string Name, string Firstname, string Lastname, string? Headline, string? ImageUrl, WireAccountRef Account,
    WireJobRef Job, string Stage, string StageKind, bool Disqualified, string? DisqualifiedAt, bool Withdrew, bool Anonymized,
    string? DisqualificationReason, string? HiredAt, string? MovedToOfferAt, bool Sourced, string ProfileUrl, string? Address,
    string? Phone, string Email, string? Domain, string? Outlet, string CreatedAt, string UpdatedAt, string? CoverLetter,
    string? Summary, IReadOnlyList<object> EducationEntries, IReadOnlyList<object> ExperienceEntries, IReadOnlyList<string> Skills,
    IReadOnlyList<object> Answers, string? ResumeUrl, IReadOnlyList<string> Tags, IReadOnlyList<WireSocialProfile> SocialProfiles,
    string? OriginatingCandidateId);

internal sealed record WireCreated(string Status, WireCandidateDetail Candidate);

internal sealed record WireWebhook(string Id, string EventType, string FiredAt, string ResourceType, WireCandidateDetail Data);

internal sealed record WireSubscription(int Id, string Target, string Event, string? ValidUntil, string CreatedAt, string StageSlug, string JobShortcode);

internal sealed record WireCreateCandidate(bool? Sourced, WireNewCandidate? Candidate);

internal sealed record WireNewCandidate(
    string? Name, string? Firstname, string? Lastname, string? Email, string? Headline, string? Summary, string? Address,
    string? Phone, string? CoverLetter, string? Domain, IReadOnlyList<string>? Tags, IReadOnlyList<WireSocialProfileIn>? SocialProfiles,
    string? ResumeUrl, WireResume? Resume);

internal sealed record WireSocialProfileIn(string? Type, string? Url, string? Username);

internal sealed record WireResume(string? Name, string? Data);

internal sealed record WireDisqualify(string? MemberId, string? DisqualifyReasonId, string? DisqualifyNote, bool? Withdrew, string? DisqualificationReason);

internal sealed record WireMove(string? MemberId, string? TargetStage);

internal sealed record WireSubscribe(string? Target, string? Event, WireSubscribeArgs? Args);

internal sealed record WireSubscribeArgs(string? AccountId, string? JobShortcode, string? StageSlug);
