using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Providers.Greenhouse;

// Wire records shaped like Greenhouse JSON (snake_case). Harvest v3 and the v1-shaped webhooks/fixtures differ
// (department_id vs departments[], rejection_reason_id vs rejection_reason{}), so both spellings are optional here.

internal sealed record GhNamed(long Id, string? Name);

internal sealed record GhJob(
    long Id, string? Name, string? Status, bool? Confidential, string? Notes, long? DepartmentId, IReadOnlyList<long>? OfficeIds,
    IReadOnlyList<GhNamed>? Departments, IReadOnlyList<GhOffice>? Offices, JsonElement? CustomFields,
    JsonElement? KeyedCustomFields, DateTimeOffset? UpdatedAt);

internal sealed record GhOffice(long Id, string? Name, JsonElement? Location);

internal sealed record GhJobPost(long Id, long? JobId, string? Title, string? Content, bool? Live, bool? Active, bool? Internal, string? PublicUrl);

internal sealed record GhUser(long Id, string? Name, string? FirstName, string? LastName, string? PrimaryEmail, bool? Deactivated);

internal sealed record GhValue(string? Value, string? Type = null);

internal sealed record GhCandidate(long Id, string? FirstName, string? LastName, IReadOnlyList<GhValue>? EmailAddresses, IReadOnlyList<string>? Tags);

internal sealed record GhApplication(
    long Id, long? CandidateId, long? JobId, IReadOnlyList<GhNamed>? Jobs, string? Status, long? SourceId,
    long? RejectionReasonId, GhRejectionReason? RejectionReason, DateTimeOffset? RejectedAt,
    DateTimeOffset? LastActivityAt, DateTimeOffset? UpdatedAt);

internal sealed record GhRejectionReason(long Id, string? Name, GhReasonType? Type);

internal sealed record GhReasonType(long? Id, string? Key, string? Name);

internal sealed record GhSource(long Id, string? Name, string? PublicName);

internal sealed record GhToken(string? AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt, long? ExpiresIn, string? Scope);

internal sealed record GhIntrospection(
    bool Active, string? Sub, string? Scope,
    [property: JsonPropertyName("https://auth.greenhouse.io/claims")] GhClaims? Claims);

internal sealed record GhClaims(GhNamed? Organization, string? UserRole);

internal sealed record GhWebhook(string? Action, GhWebhookPayload? Payload);

internal sealed record GhWebhookPayload(GhWebhookApplication? Application);

internal sealed record GhWebhookApplication(
    long Id, string? Status, DateTimeOffset? RejectedAt, DateTimeOffset? LastActivityAt,
    GhRejectionReason? RejectionReason, GhNamed? Candidate, GhOffer? Offer);

internal sealed record GhOffer(long? Id, DateTimeOffset? ResolvedAt);

// Requests (nulls are left out).
internal sealed record GhCandidateCreate(
    string FirstName, string LastName, IReadOnlyList<GhValue> EmailAddresses, IReadOnlyList<GhValue> PhoneNumbers,
    IReadOnlyList<GhValue> SocialMediaAddresses, IReadOnlyList<string> Tags, GhApplicationCreate Application);

internal sealed record GhApplicationCreate(long? CandidateId, long JobId, long? SourceId);

internal sealed record GhAttachmentCreate(long ApplicationId, string Filename, string Type, string Content, string ContentType);

internal sealed record GhNoteCreate(long CandidateId, long? ApplicationId, long? UserId, string Body, string Visibility);

internal sealed record GhAppliedTagCreate(long CandidateId, long CandidateTagId);

internal sealed record GhTagCreate(string Name);

internal static class GhJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new LenientTimestampConverter() },
    };

    public static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Greenhouse mixes "…000Z", "…Z" and date-only values; an odd one must not sink a whole page.</summary>
    private sealed class LenientTimestampConverter : JsonConverter<DateTimeOffset?>
    {
        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                return null;
            }
            return reader.TokenType == JsonTokenType.String
                && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at
                    : null;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
    }
}
