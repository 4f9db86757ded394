using System.Text.Json;

namespace Circular.Portal.Providers.Recruitee;

internal static class RecruiteeMapping
{
    public static AtsJobRecord ToJob(RecruiteeOffer offer) => new(
        offer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        offer.Title ?? "(untitled offer)",
        ToJobStatus(offer),
        offer.Location ?? JoinNonEmpty(offer.City, offer.CountryCode),
        offer.Department,
        offer.EmploymentType,
        JoinNonEmpty(offer.Description, offer.Requirements, "\n"),
        offer.UpdatedAt,
        offer.CareersUrl ?? offer.Url)
    {
        VendorState = offer.Status,
        Internal = string.Equals(offer.Status, "internal", StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>Offers include talent pools (kind "talent_pool"); only kind "job" (or no kind, as older payloads send) is a job.</summary>
    public static bool IsJob(RecruiteeOffer offer) =>
        offer.Kind is null || !offer.Kind.Equals("talent_pool", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Seen values: published, internal (open, not on the careers site), draft, closed, archived. The full set is
    /// unconfirmed, so an unknown value falls back to the dates: closed_at, then published_at.
    /// </summary>
    public static AtsJobStatus ToJobStatus(RecruiteeOffer offer) => offer.Status?.ToLowerInvariant() switch
    {
        "published" or "internal" or "open" => AtsJobStatus.Open,
        "draft" => AtsJobStatus.Draft,
        "closed" or "archived" => AtsJobStatus.Closed,
        _ when offer.ClosedAt is not null => AtsJobStatus.Closed,
        _ when offer.PublishedAt is not null => AtsJobStatus.Open,
        _ => AtsJobStatus.Draft,
    };

    /// <summary>Rejected when disqualified; hired by hired_at or a stage of category "hire"; otherwise still in the pipeline.</summary>
    public static AtsStatusChange ToStatus(long candidateId, RecruiteePlacement placement, IReadOnlyList<RecruiteeReference> references)
    {
        var candidate = candidateId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var application = placement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var job = placement.OfferId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fallbackTime = placement.UpdatedAt ?? placement.CreatedAt ?? DateTimeOffset.UnixEpoch;
        var stage = references.FirstOrDefault(r => r.Id == placement.StageId && "Stage".Equals(r.Type, StringComparison.OrdinalIgnoreCase));
        var stageTerm = placement.StageId is { } sid
            ? new AtsStatusTerm(AtsStatusTermKind.Stage, sid.ToString(System.Globalization.CultureInfo.InvariantCulture), stage?.Name ?? sid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : null;
        if (placement.DisqualifiedAt is { } rejectedAt)
        {
            var reason = ReasonText(placement.DisqualifyReason);
            var reasonId = ReasonId(placement.DisqualifyReason);
            return new(candidate, application, RejectionStatus(reason), reason, rejectedAt)
            {
                ReasonTerm = (reasonId ?? reason) is { } key ? new AtsStatusTerm(AtsStatusTermKind.DisqualificationReason, key, reason ?? key) : null,
                JobExternalId = job,
            };
        }
        if (placement.HiredAt is not null || IsHireStage(stage?.Category))
        {
            return new(candidate, application, AtsApplicationStatus.Hired, null, placement.HiredAt ?? fallbackTime) { StageTerm = stageTerm, JobExternalId = job };
        }
        return new(candidate, application, AtsApplicationStatus.Active, stage?.Name, fallbackTime) { StageTerm = stageTerm, JobExternalId = job };
    }

    /// <summary>The reason's id when disqualify_reason arrives as { id, name }.</summary>
    public static string? ReasonId(JsonElement? reason) =>
        reason is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? (id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString())
            : null;

    public static bool IsHireStage(string? category) => "hire".Equals(category, StringComparison.OrdinalIgnoreCase);

    /// <summary>Recruitee has no "withdrawn" state: a candidate who withdrew is disqualified with a reason saying so.</summary>
    public static AtsApplicationStatus RejectionStatus(string? reason) =>
        reason is not null && reason.Contains("withdr", StringComparison.OrdinalIgnoreCase)
            ? AtsApplicationStatus.Withdrawn
            : AtsApplicationStatus.Rejected;

    /// <summary>disqualify_reason arrives as a string in some payloads and as { id, name } in others.</summary>
    public static string? ReasonText(JsonElement? reason) => reason switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String => name.GetString(),
        _ => null,
    };

    /// <summary>Tags arrive as strings, or as objects with a name.</summary>
    public static IReadOnlyList<string> Names(JsonElement? list)
    {
        if (list is not { ValueKind: JsonValueKind.Array } array) return [];
        return array.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : ReasonText(e))
            .OfType<string>()
            .ToList();
    }

    private static string? JoinNonEmpty(string? a, string? b, string separator = ", ")
    {
        var parts = new[] { a, b }.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return parts.Count == 0 ? null : string.Join(separator, parts);
    }
}
