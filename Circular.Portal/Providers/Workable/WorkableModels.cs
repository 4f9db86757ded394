using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Providers.Workable;

// Wire shapes of Workable SPI v3. Every field is optional: Workable returns null for empty strings and the list views
// carry fewer fields than the detail views.

internal sealed record WorkablePaging(string? Next);

internal sealed record WorkableJobsPage(IReadOnlyList<WorkableJob>? Jobs, WorkablePaging? Paging);

internal sealed record WorkableJob(
    [property: JsonConverter(typeof(WorkableIdConverter))] string? Id,
    string? Title,
    string? FullTitle,
    string? Shortcode,
    string? State,
    bool? Confidential,
    string? Department,
    IReadOnlyList<WorkableDepartment>? DepartmentHierarchy,
    string? Url,
    string? Shortlink,
    WorkableLocation? Location,
    string? EmploymentType,
    string? Description,
    string? FullDescription,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

internal sealed record WorkableDepartment([property: JsonConverter(typeof(WorkableIdConverter))] string? Id, string? Name);

internal sealed record WorkableLocation(
    string? LocationStr, string? Country, string? Region, string? City, bool? Telecommuting, string? WorkplaceType);

internal sealed record WorkableMembersPage(IReadOnlyList<WorkableMember>? Members, WorkablePaging? Paging);

/// <summary>Current docs give <c>roles[]</c>, older ones a single <c>role</c>: both are read.</summary>
internal sealed record WorkableMember(
    [property: JsonConverter(typeof(WorkableIdConverter))] string? Id,
    string? Name,
    string? Email,
    string? Role,
    IReadOnlyList<string>? Roles,
    bool? Active);

internal sealed record WorkableAccountsPage(IReadOnlyList<WorkableAccountInfo>? Accounts);

internal sealed record WorkableAccountInfo([property: JsonConverter(typeof(WorkableIdConverter))] string? Id, string? Name, string? Subdomain);

internal sealed record WorkableCandidatesPage(IReadOnlyList<WorkableCandidate>? Candidates, WorkablePaging? Paging);

internal sealed record WorkableCandidateEnvelope(string? Status, WorkableCandidate? Candidate);

internal sealed record WorkableCandidate(
    [property: JsonConverter(typeof(WorkableIdConverter))] string? Id,
    string? Name,
    string? Email,
    WorkableJobRef? Job,
    string? Stage,
    string? StageKind,
    bool? Disqualified,
    bool? Withdrew,
    string? DisqualificationReason,
    DateTimeOffset? DisqualifiedAt,
    DateTimeOffset? HiredAt,
    string? Domain,
    IReadOnlyList<string>? Tags,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

internal sealed record WorkableJobRef(string? Shortcode, string? Title);

internal sealed record WorkableNewCandidateRequest(bool Sourced, WorkableNewCandidate Candidate);

internal sealed record WorkableNewCandidate(
    string Firstname,
    string Lastname,
    string Email,
    string? Phone,
    string Domain,
    IReadOnlyList<string> Tags,
    IReadOnlyList<WorkableSocialProfile>? SocialProfiles,
    string? CoverLetter,
    string? ResumeUrl,
    WorkableResume? Resume);

internal sealed record WorkableSocialProfile(string Type, string Url);

internal sealed record WorkableResume(string Name, string Data);

internal sealed record WorkableSubscriptionRequest(string Target, string Event, WorkableSubscriptionArgs Args);

internal sealed record WorkableSubscriptionArgs(string AccountId, string JobShortcode, string StageSlug);

internal sealed record WorkableSubscriptionCreated([property: JsonConverter(typeof(WorkableIdConverter))] string? Id);

internal sealed record WorkableSubscriptionsPage(IReadOnlyList<WorkableSubscription>? Subscriptions);

internal sealed record WorkableSubscription([property: JsonConverter(typeof(WorkableIdConverter))] string? Id, string? Target);

/// <summary>A delivery: the candidate sits under <c>data</c> (public integrations); a bare candidate is read too.</summary>
internal sealed record WorkableWebhook(
    [property: JsonConverter(typeof(WorkableIdConverter))] string? Id,
    string? EventType,
    DateTimeOffset? FiredAt,
    string? ResourceType,
    WorkableCandidate? Data);

internal static class WorkableJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new WorkableTimeConverter() },
    };
}

/// <summary>Ids are strings in the docs, but subscription ids come back as numbers: read either as text.</summary>
internal sealed class WorkableIdConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Unexpected id token."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Timestamps as ISO-8601, the compact form Workable documents for filters (20150708T115616Z), or Unix seconds.</summary>
internal sealed class WorkableTimeConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly string[] CompactFormats = ["yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd'T'HHmmssK"];

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.TryGetInt64(out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix) : null;
        if (reader.TokenType != JsonTokenType.String) return null;
        return Parse(reader.GetString());
    }

    public static DateTimeOffset? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, styles, out var iso)) return iso;
        if (DateTimeOffset.TryParseExact(raw, CompactFormats, CultureInfo.InvariantCulture, styles, out var compact)) return compact;
        return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    public static string Compact(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}

internal sealed record WorkableReasonsPage(IReadOnlyList<WorkableDisqualificationReason>? DisqualificationReasons);

internal sealed record WorkableDisqualificationReason(
    [property: JsonConverter(typeof(WorkableIdConverter))] string? Id, string? Description, bool? CandidateWithdrew);

internal sealed record WorkableStagesPage(IReadOnlyList<WorkableStageInfo>? Stages);

internal sealed record WorkableStageInfo(string? Slug, string? Name, string? Kind);
