using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Providers.Teamtailor;

/// <summary>Teamtailor speaks JSON:API with kebab-case attribute names and string ids.</summary>
internal static class TeamtailorJson
{
    public const string MediaType = "application/vnd.api+json";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal sealed record TtDocument<T>(T? Data, List<TtIncluded>? Included, TtLinks? Links, TtMeta? Meta);

internal sealed record TtResource<TAttributes>(
    [property: JsonConverter(typeof(TtIdConverter))] string Id,
    string Type,
    TAttributes? Attributes,
    Dictionary<string, TtRelationship>? Relationships,
    Dictionary<string, string?>? Links)
{
    /// <summary>The linked id of a to-one relationship, present only when the request included it.</summary>
    public string? Linked(string name) =>
        Relationships?.GetValueOrDefault(name)?.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("id", out var id)
            ? TtIdConverter.Read(id)
            : null;

    public IEnumerable<string> LinkedMany(string name) =>
        Relationships?.GetValueOrDefault(name)?.Data switch
        {
            { ValueKind: JsonValueKind.Array } many => many.EnumerateArray()
                .Select(e => e.TryGetProperty("id", out var id) ? TtIdConverter.Read(id) : null).OfType<string>().ToList(),
            { ValueKind: JsonValueKind.Object } => Linked(name) is { } one ? [one] : [],
            _ => [],
        };
}

internal sealed record TtRelationship(JsonElement? Data);

/// <summary>An included resource of any type; attributes are read by name because they vary by API version.</summary>
internal sealed record TtIncluded([property: JsonConverter(typeof(TtIdConverter))] string Id, string Type, Dictionary<string, JsonElement>? Attributes)
{
    public string? Text(string name) =>
        Attributes?.GetValueOrDefault(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public bool? Flag(string name) =>
        Attributes?.GetValueOrDefault(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;
}

internal sealed record TtLinks(string? Next);

internal sealed record TtMeta(int? RecordCount, int? PageCount);

internal sealed record TtCompany(string? Name);

internal sealed record TtJob(
    string? Title, string? Body, string? Status, string? HumanStatus, bool? Internal, string? EmploymentType, string? RemoteStatus,
    DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);

internal sealed record TtCandidate(string? FirstName, string? LastName, string? Email, List<string>? Tags, DateTimeOffset? UpdatedAt);

internal sealed record TtApplication(
    DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? ChangedStageAt, DateTimeOffset? RejectedAt,
    JsonElement? RejectReason, string? CoverLetter)
{
    /// <summary>Transparent recruiting: the candidate side may learn of the rejection only from this time.</summary>
    public DateTimeOffset? TransparentRecruitingVisibleAt { get; init; }
}

internal sealed record TtNewCandidate(
    string FirstName, string LastName, string Email, string? Phone, string? LinkedinUrl, string? Resume,
    List<string> Tags, bool Sourced, bool Merge);

internal sealed record TtNewApplication(string? CoverLetter, bool Sourced, bool SendUserNotifications);

internal sealed record TtCreate<TAttributes>(TtCreateData<TAttributes> Data);

internal sealed record TtCreateData<TAttributes>(string Type, TAttributes Attributes, Dictionary<string, TtLinkage>? Relationships = null);

internal sealed record TtLinkage(TtRef Data);

internal sealed record TtRef(string Type, string Id);

/// <summary>Ids are strings in JSON:API, but Teamtailor's own examples and webhooks also use numbers.</summary>
internal sealed class TtIdConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? reader.GetInt64().ToString(CultureInfo.InvariantCulture)
            : reader.GetString() ?? "";

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public static string? Read(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };
}
