using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Sandbox.Greenhouse;

// Harvest v3 records as the emulator serves them (snake_case, nulls written, timestamps "…000Z").
// Written from the vendor notes, independently of the provider's models.

internal sealed record HvCustomField(string Name, string Type, object? Value);

internal sealed record HvJob(
    long Id, string Name, string? RequisitionId, string Status, bool Confidential, bool IsTemplate, long? CopiedFromId,
    long? DepartmentId, IReadOnlyList<long> OfficeIds, string? Notes, DateTimeOffset? OpenedAt, DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyDictionary<string, HvCustomField> CustomFields);

internal sealed record HvDepartment(long Id, string Name, long? ParentId, IReadOnlyList<long> ChildIds, string? ExternalId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvLocation(string Name);

internal sealed record HvOffice(long Id, string Name, HvLocation Location, long? ParentId, IReadOnlyList<long> ChildIds, string? ExternalId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvJobPost(
    long Id, long JobId, string Title, string Content, bool Internal, bool Live, bool Active, string PublicUrl, string Language,
    long JobBoardId, DateTimeOffset? FirstPublishedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<object> Questions);

internal sealed record HvStage(long Id, long JobId, string Name, int SortOrder, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvUser(
    long Id, string FirstName, string LastName, string Name, string? PrimaryEmail, bool SiteAdmin, bool Deactivated,
    IReadOnlyList<long> DepartmentIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvValue(string Value, string? Type);

internal sealed record HvUrl(string Value);

internal sealed record HvCandidate(
    long Id, string FirstName, string LastName, string? PreferredName, string? Company, string? Title, bool Private, bool CanEmail,
    IReadOnlyList<HvValue> EmailAddresses, IReadOnlyList<HvValue> PhoneNumbers, IReadOnlyList<HvValue> Addresses,
    IReadOnlyList<HvValue> WebsiteAddresses, IReadOnlyList<HvUrl> SocialMediaAddresses, IReadOnlyList<string> Tags,
    IReadOnlyList<long> LinkedUserIds, IReadOnlyDictionary<string, object?> CustomFields, DateTimeOffset LastActivityAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvApplication(
    long Id, long CandidateId, long? JobId, long? JobPostId, bool Prospect, IReadOnlyList<long> ProspectiveJobIds, string Status,
    long? JobInterviewStageId, long? StageId, string? StageName, long? SourceId, long? ReferrerId, long? RecruiterId,
    long? CoordinatorId, DateTimeOffset? RejectedAt, long? RejectionReasonId, DateTimeOffset LastActivityAt, bool NeedsDecision,
    string? LocationAddress, IReadOnlyList<object> Answers, IReadOnlyDictionary<string, object?> CustomFields,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvAttachment(
    long Id, long ApplicationId, long CandidateId, string Filename, string Type, string Url, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    [JsonIgnore] public string? ContentType { get; init; }
    [JsonIgnore] public int ContentBytes { get; init; }
    [JsonIgnore] public string? SourceUrl { get; init; }
}

internal sealed record HvTag(long Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvAppliedTag(long Id, long CandidateId, long CandidateTagId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvSourceType(long Id, string Name);

internal sealed record HvSource(long Id, string Name, HvSourceType Type, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvReasonType(long Id, string Key, string Name);

internal sealed record HvRejectionReason(long Id, string Name, HvReasonType Type, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvRejectionDetail(
    long Id, long ApplicationId, DateTimeOffset RejectedAt, long? RejectedById, long? RejectionReasonId, long? RejectionNoteId,
    IReadOnlyDictionary<string, object?> QuestionCustomFields, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record HvNote(long Id, long CandidateId, long? ApplicationId, long? UserId, string Body, string Visibility, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

// Request bodies, read leniently.
internal sealed record HvApplicationCreate(long? CandidateId, long? JobId, long? SourceId, long? RecruiterId, long? CoordinatorId);

internal sealed record HvCandidateCreate(
    string? FirstName, string? LastName, string? Company, string? Title, List<HvValue>? EmailAddresses, List<HvValue>? PhoneNumbers,
    List<HvValue>? Addresses, List<HvValue>? WebsiteAddresses, List<HvUrl>? SocialMediaAddresses, List<string>? Tags,
    HvApplicationCreate? Application);

internal sealed record HvAttachmentCreate(long? ApplicationId, string? Filename, string? Type, string? Content, string? ContentType, string? Url);

internal sealed record HvNoteCreate(long? CandidateId, long? ApplicationId, long? UserId, string? Body, string? Visibility);

internal sealed record HvAppliedTagCreate(long? CandidateId, long? CandidateTagId);

internal sealed record HvTagCreate(string? Name);

internal sealed record HvRejectCreate(long? RejectionReasonId, string? Notes);

internal sealed record HvMoveCreate(long? ToStageId);

internal static class HvJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new TimestampConverter() },
    };

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class TimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Iso(value));
    }
}
