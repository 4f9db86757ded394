using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>The JSON the platform receives for one event, in the webhook and in the changes feed alike.</summary>
public sealed record PlatformEventBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("platformApplicationId")] string PlatformApplicationId,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("candidateVisibleAt")] DateTimeOffset? CandidateVisibleAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PlatformEventBody From(PlatformEvent e) => new(
        EventId(e.Id),
        $"application.{e.Outcome.ToString().ToLowerInvariant()}",
        e.PlatformApplicationId,
        e.Outcome.ToString().ToLowerInvariant(),
        e.Reason,
        e.Source,
        e.OccurredAt,
        e.CandidateVisibleAt);

    /// <summary>Stable across retries: the platform dedupes on it.</summary>
    public static string EventId(long id) => $"evt_{id}";
}
