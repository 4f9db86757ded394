using System.Globalization;
using Flurl;

namespace Circular.Portal.Providers.Teamtailor;

internal sealed partial class TeamtailorProvider
{
    /// <summary>Re-read this much before the newest change seen, so a change stamped slightly earlier (clock skew, slow commit) is not lost.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    /// <summary>With nothing new, the cursor still follows our clock, but never closer than this, to stay safe from skew.</summary>
    private static readonly TimeSpan QuietLag = TimeSpan.FromHours(1);

    private static readonly TimeSpan FirstPollWindow = TimeSpan.FromDays(30);

    private const string CursorPrefix = "tt1:";

    public async Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct)
    {
        var api = Api(connection);
        var now = clock.GetUtcNow();
        var from = DecodeCursor(query.Cursor) ?? now - FirstPollWindow;
        var pushed = query.Pushed.GroupBy(p => p.ApplicationId).ToDictionary(g => g.Key, g => g.First());

        // Vendor docs: https://docs.teamtailor.com/#list-job-applications (filter[updated-at][from], include)
        string? url = api.AppendPathSegment("job-applications")
            .SetQueryParam("filter[updated-at][from]", Iso(from))
            .SetQueryParam("include", "candidate,stage,reject-reason")
            .SetQueryParam("page[size]", Options.PageSize)
            .ToString();
        var changes = new List<AtsStatusChange>();
        var newest = DateTimeOffset.MinValue;
        while (url is not null)
        {
            var page = await GetAsync<TtDocument<List<TtResource<TtApplication>>>>(connection, url, ct);
            var included = page.Included ?? [];
            foreach (var application in page.Data ?? [])
            {
                var updated = application.Attributes?.UpdatedAt;
                if (updated is { } u && u < from) continue;
                if (updated > newest) newest = updated.Value;
                if (pushed.Count > 0 && !pushed.ContainsKey(application.Id)) continue;
                var candidateId = application.Linked("candidate") ?? pushed.GetValueOrDefault(application.Id)?.CandidateId;
                if (candidateId is null) continue;
                changes.Add(TeamtailorMapping.ToStatusChange(application, candidateId, included));
            }
            url = NextPage(page.Links?.Next, api, url);
        }

        var next = new[] { from, newest == DateTimeOffset.MinValue ? from : newest - Overlap, now - QuietLag }.Max();
        return new AtsStatusBatch(changes, CursorPrefix + next.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset? DecodeCursor(string? cursor) =>
        cursor is not null && cursor.StartsWith(CursorPrefix, StringComparison.Ordinal)
        && long.TryParse(cursor.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
