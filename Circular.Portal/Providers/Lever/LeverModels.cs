using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Providers.Lever;

// Shaped like Lever's JSON (camelCase, epoch-millisecond timestamps). Every collection is nullable because recorded
// responses carry null where the docs promise arrays (distributionChannels), and optional blocks come and go with include/expand.

internal sealed record LeverPage<T>(IReadOnlyList<T>? Data, bool HasNext, string? Next);

internal sealed record LeverEnvelope<T>(T? Data, bool? Deduped);

internal sealed record LeverPosting(
    string Id,
    string? Text,
    string? State,
    string? Confidentiality,
    LeverCategories? Categories,
    LeverPostingContent? Content,
    [property: JsonConverter(typeof(LeverMillisConverter))] long? CreatedAt,
    [property: JsonConverter(typeof(LeverMillisConverter))] long? UpdatedAt,
    LeverUrls? Urls,
    string? WorkplaceType);

internal sealed record LeverCategories(string? Team, string? Department, string? Location, IReadOnlyList<string>? AllLocations, string? Commitment);

internal sealed record LeverPostingContent(string? Description, string? DescriptionHtml, IReadOnlyList<LeverContentList>? Lists, string? ClosingHtml);

internal sealed record LeverContentList(string? Text, string? Content);

internal sealed record LeverUrls(string? List, string? Show, string? Apply);

internal sealed record LeverUser(string Id, string? Name, string? Email, string? AccessRole,
    [property: JsonConverter(typeof(LeverMillisConverter))] long? DeactivatedAt);

internal sealed record LeverOpportunity(
    string Id,
    string? Name,
    string? Contact,
    string? Stage,
    IReadOnlyList<string>? Emails,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? Sources,
    IReadOnlyList<JsonElement>? Applications,
    IReadOnlyList<string>? Links,
    LeverArchived? Archived,
    [property: JsonConverter(typeof(LeverMillisConverter))] long? CreatedAt,
    [property: JsonConverter(typeof(LeverMillisConverter))] long? UpdatedAt,
    [property: JsonConverter(typeof(LeverMillisConverter))] long? LastAdvancedAt,
    // Legacy top-level keys still shown in Lever's own examples next to the documented archived object.
    [property: JsonConverter(typeof(LeverMillisConverter))] long? ArchivedAt,
    string? ArchiveReason);

internal sealed record LeverArchived(string? Reason, [property: JsonConverter(typeof(LeverMillisConverter))] long? ArchivedAt);

internal sealed record LeverArchiveReason(string Id, string? Text, string? Status, string? Type);

internal sealed record LeverStage(string Id, string? Text);

internal sealed record LeverWebhook(string? Id, string? Event, string? Url, LeverWebhookConfiguration? Configuration, LeverWebhook? Data);

internal sealed record LeverWebhookConfiguration(string? SignatureToken);

internal sealed record LeverTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn);

internal sealed record LeverCreateOpportunity(
    string Name,
    IReadOnlyList<string> Emails,
    IReadOnlyList<LeverPhone> Phones,
    IReadOnlyList<string> Links,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Sources,
    string Origin,
    IReadOnlyList<string> Postings);

internal sealed record LeverPhone(string Type, string Value);

/// <summary>Reads epoch milliseconds written as a number, a numeric string or an ISO date; null for anything else.</summary>
internal sealed class LeverMillisConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var ms):
                return ms;
            case JsonTokenType.Number:
                return (long)reader.GetDouble();
            case JsonTokenType.String:
                var text = reader.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at.ToUnixTimeMilliseconds()
                    : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } ms) writer.WriteNumberValue(ms);
        else writer.WriteNullValue();
    }
}
