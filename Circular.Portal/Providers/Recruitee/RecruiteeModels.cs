using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Providers.Recruitee;

// Wire records shaped like Recruitee's JSON (snake_case via RecruiteeJson.Options). Every list and most fields are
// nullable: Recruitee leaves keys out (e.g. disqualified_at on hired placements) and sends null where arrays are expected.

internal sealed record RecruiteeAdminsPage(IReadOnlyList<RecruiteeAdmin>? Admins);

internal sealed record RecruiteeAdmin(long Id, string? FirstName, string? LastName, string? Email);

internal sealed record RecruiteeOffersPage(IReadOnlyList<RecruiteeOffer>? Offers);

internal sealed record RecruiteeOffer(
    long Id,
    string? Title,
    string? Status,
    string? Kind,
    string? Department,
    string? Location,
    string? City,
    string? CountryCode,
    string? EmploymentType,
    string? Description,
    string? Requirements,
    string? CareersUrl,
    string? Url,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ClosedAt);

internal sealed record RecruiteeCandidateEnvelope(RecruiteeCandidate? Candidate, IReadOnlyList<RecruiteeReference>? References);

internal sealed record RecruiteeCandidatesPage(IReadOnlyList<RecruiteeCandidate>? Candidates, IReadOnlyList<RecruiteeReference>? References = null);

/// <summary>An answer of <c>/search/new/candidates</c>: trimmed candidate records and the number of matches.</summary>
internal sealed record RecruiteeSearchPage(IReadOnlyList<RecruiteeSearchHit>? Hits, int? Total);

/// <summary>What the status read takes from a search hit: who, and when they last changed.</summary>
internal sealed record RecruiteeSearchHit(long Id, DateTimeOffset? UpdatedAt);

internal sealed record RecruiteeCandidate(
    long Id,
    string? Name,
    IReadOnlyList<string>? Emails,
    JsonElement? Tags,
    string? CvUrl,
    string? CvOriginalUrl,
    IReadOnlyList<RecruiteePlacement>? Placements,
    DateTimeOffset? UpdatedAt);

internal sealed record RecruiteePlacement(
    long Id,
    long? OfferId,
    long? StageId,
    DateTimeOffset? HiredAt,
    DateTimeOffset? DisqualifiedAt,
    JsonElement? DisqualifyReason,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt);

internal sealed record RecruiteePlacementEnvelope(RecruiteePlacement? Placement);

/// <summary>A side-loaded record; <see cref="Type"/> is "Offer", "Stage" or "Admin".</summary>
internal sealed record RecruiteeReference(string? Type, long Id, string? Name, string? Category, string? Title);

internal sealed record RecruiteeQuickSearch(RecruiteeHits? Candidates);

internal sealed record RecruiteeHits(IReadOnlyList<RecruiteeCandidate>? Hits);

internal sealed record RecruiteeNotesPage(IReadOnlyList<RecruiteeNote>? Notes);

internal sealed record RecruiteeNote(long Id, string? Body);

internal sealed record RecruiteeCandidateCreate(RecruiteeNewCandidate Candidate, IReadOnlyList<long> Offers);

internal sealed record RecruiteeNewCandidate(
    string Name,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> SocialLinks,
    string? RemoteCvUrl,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Tags);

internal sealed record RecruiteeNoteCreate(RecruiteeNewNote Note);

internal sealed record RecruiteeNewNote(string Body, RecruiteeNoteVisibility Visibility);

internal sealed record RecruiteeNoteVisibility(string Level);

internal sealed record RecruiteePlacementCreate(long CandidateId, long OfferId);

internal sealed record RecruiteeTagsUpdate(RecruiteeTagsOnly Candidate);

internal sealed record RecruiteeTagsOnly(IReadOnlyList<string> Tags);

internal sealed record RecruiteeCvUpdate(RecruiteeRemoteCv Candidate);

internal sealed record RecruiteeRemoteCv(string RemoteCvUrl);

internal sealed record RecruiteeWebhookEnvelope(
    JsonElement? Id,
    bool? Test,
    string? EventType,
    string? EventSubtype,
    DateTimeOffset? CreatedAt,
    RecruiteeWebhookPayload? Payload);

internal sealed record RecruiteeWebhookPayload(
    RecruiteeWebhookRef? Candidate,
    RecruiteeWebhookRef? Offer,
    RecruiteeWebhookRef? Placement,
    RecruiteeWebhookDetails? Details);

internal sealed record RecruiteeWebhookRef(long Id);

internal sealed record RecruiteeWebhookDetails(RecruiteeStageRef? FromStage, RecruiteeStageRef? ToStage, JsonElement? DisqualifyReason);

internal sealed record RecruiteeStageRef(long? Id, string? Name, string? Category);

internal static class RecruiteeJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new RecruiteeTimeConverter() },
    };
}

/// <summary>
/// Recruitee answers ISO-8601 with microseconds, but older endpoints and exports use "yyyy-MM-dd HH:mm:ss UTC" and the
/// search API speaks Unix seconds; a timestamp we cannot read becomes null rather than failing the whole page.
/// </summary>
internal sealed class RecruiteeTimeConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss 'UTC'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var unix))
        {
            return unix > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(unix) : DateTimeOffset.FromUnixTimeSeconds(unix);
        }
        if (reader.TokenType != JsonTokenType.String) return null;
        var text = reader.GetString();
        if (string.IsNullOrWhiteSpace(text)) return null;
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, styles, out var exact)) return exact;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var iso) ? iso : null;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}

internal sealed record RecruiteeReasonsPage(IReadOnlyList<RecruiteeReasonInfo>? DisqualifyReasons);

internal sealed record RecruiteeReasonInfo(long Id, string? Name);
