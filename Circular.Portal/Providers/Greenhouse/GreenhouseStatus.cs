using System.Globalization;

namespace Circular.Portal.Providers.Greenhouse;

internal sealed partial class GreenhouseProvider
{
    /// <summary>Airbyte's lookback: results come id-descending, so a change stamped just before the last window may arrive late.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromHours(1);

    private const string CursorPrefix = "gh3:";

    /// <summary>
    /// Reads applications by a two-sided updated_at window from the last cursor (minus the overlap) to now. On the first
    /// poll the pushed applications are read by id instead of the whole history.
    /// </summary>
    public async Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct)
    {
        var until = clock.GetUtcNow();
        var since = ReadCursor(query.Cursor);
        var pushed = query.Pushed.Select(p => p.ApplicationId).ToHashSet(StringComparer.Ordinal);
        var applications = new List<GhApplication>();
        if (since is null && pushed.Count > 0)
        {
            foreach (var chunk in pushed.Chunk(GreenhouseApi.MaxIds))
            {
                // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-applications
                applications.AddRange(await api.AllAsync<GhApplication>(connection, api.Url("applications").SetQueryParam("ids", string.Join(',', chunk)), ct));
            }
        }
        else
        {
            var window = since is { } from ? $"gte|{Iso(from - Overlap)}|lte|{Iso(until)}" : $"lte|{Iso(until)}";
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-applications (pipe-delimited date filters)
            applications = await api.AllAsync<GhApplication>(connection, api.Url("applications").SetQueryParam("updated_at", window), ct);
        }
        if (pushed.Count > 0) applications.RemoveAll(a => !pushed.Contains(GreenhouseMapping.Id(a.Id)));

        var reasons = new Dictionary<long, GhRejectionReason>();
        if (applications.Any(a => a.RejectionReason is null && a.RejectionReasonId is not null))
        {
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-rejection-reasons
            var all = await OptionalAsync(() => api.AllAsync<GhRejectionReason>(
                connection, api.Url("rejection_reasons").SetQueryParam("include_defaults", "true"), ct));
            foreach (var reason in all) reasons.TryAdd(reason.Id, reason);
        }
        var changes = applications.DistinctBy(a => a.Id)
            .Select(a => GreenhouseMapping.ToStatusChange(a, reasons, until))
            .OrderBy(c => c.OccurredAt)
            .ToList();
        return new AtsStatusBatch(changes, CursorPrefix + until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A cursor we cannot read counts as the first poll: re-reading is safe, skipping is not.</summary>
    private static DateTimeOffset? ReadCursor(string? cursor) =>
        cursor is not null && cursor.StartsWith(CursorPrefix, StringComparison.Ordinal)
        && long.TryParse(cursor.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
