using System.Globalization;
using Flurl.Http;

namespace Circular.Portal.Providers.Lever;

public sealed partial class LeverProvider
{
    private const string CursorPrefix = "lever-v1:";

    /// <summary>Lever's updatedAt comes from its own clock and ties are common; re-reading five minutes costs only no-op rewrites.</summary>
    private static readonly TimeSpan CursorOverlap = TimeSpan.FromMinutes(5);

    public async Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct)
    {
        var since = ParseCursor(query.Cursor);
        var newest = since ?? 0;
        var changes = new List<AtsStatusChange>();
        IReadOnlyDictionary<string, LeverArchiveReason>? reasons = null;

        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-opportunities (tag + updated_at_start may be combined)
        var opportunities = PagesAsync<LeverOpportunity>(connection, () =>
        {
            var request = Api(connection, "opportunities").SetQueryParam("tag", AtsCandidatePush.Tag).SetQueryParam("expand", "applications");
            return since is { } ms ? request.SetQueryParam("updated_at_start", Math.Max(0, ms - (long)CursorOverlap.TotalMilliseconds)) : request;
        }, ct);
        await foreach (var opportunity in opportunities)
        {
            if (LeverMapping.Archive(opportunity).ReasonId is not null && reasons is null)
            {
                reasons = await ArchiveReasonsAsync(connection, ct);
            }
            changes.Add(LeverMapping.ToStatusChange(opportunity, reasons ?? new Dictionary<string, LeverArchiveReason>()));
            newest = Math.Max(newest, opportunity.UpdatedAt ?? LeverMapping.Archive(opportunity).ArchivedAt ?? opportunity.CreatedAt ?? 0);
        }
        return new AtsStatusBatch(changes, CursorPrefix + newest.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Each pushed opportunity by id (a webhook's re-read), instead of listing every opportunity tagged Circular.</summary>
    public async Task<IReadOnlyList<AtsStatusChange>> ReadStatusesAsync(AtsConnectionContext connection, IReadOnlyList<AtsApplicationRef> applications, CancellationToken ct)
    {
        var changes = new List<AtsStatusChange>();
        IReadOnlyDictionary<string, LeverArchiveReason>? reasons = null;
        foreach (var pushed in applications.DistinctBy(a => a.CandidateId))
        {
            LeverEnvelope<LeverOpportunity> envelope;
            try
            {
                // Vendor docs: https://hire.lever.co/developer/documentation#retrieve-a-single-opportunity
                envelope = await GetAsync<LeverEnvelope<LeverOpportunity>>(connection,
                    Api(connection, "opportunities", pushed.CandidateId).SetQueryParam("expand", "applications"), ct);
            }
            catch (AtsException e) when (e.StatusCode == 404)
            {
                // Deleted at Lever: nothing to say of it, and the others are still read.
                continue;
            }
            if (envelope.Data is not { } opportunity) continue;
            if (LeverMapping.Archive(opportunity).ReasonId is not null && reasons is null) reasons = await ArchiveReasonsAsync(connection, ct);
            changes.Add(LeverMapping.ToStatusChange(opportunity, reasons ?? new Dictionary<string, LeverArchiveReason>()));
        }
        return changes;
    }

    private async Task<IReadOnlyDictionary<string, LeverArchiveReason>> ArchiveReasonsAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var reasons = new Dictionary<string, LeverArchiveReason>(StringComparer.Ordinal);
        // Vendor docs: https://hire.lever.co/developer/documentation#list-archive-reasons
        await foreach (var reason in PagesAsync<LeverArchiveReason>(connection, () => Api(connection, "archive_reasons"), ct))
        {
            reasons[reason.Id] = reason;
        }
        return reasons;
    }

    /// <summary>An unreadable or foreign cursor restarts from the beginning: a full re-read is safe, a skipped change is not.</summary>
    private static long? ParseCursor(string? cursor) =>
        cursor is not null && cursor.StartsWith(CursorPrefix, StringComparison.Ordinal)
        && long.TryParse(cursor.AsSpan(CursorPrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? ms
            : null;
}
