using System.Globalization;
using System.Text.Json;

namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// The status poll. <c>/candidates</c> has no updated-since filter, so a steady-state poll asks the candidate search
/// which candidates of the account changed since the cursor (one request while fewer than a page changed), then reads
/// only the followed ones among them, a hundred per request by the documented id list. Every candidate is read on its
/// own instead on the first poll, once a day (<see cref="RecruiteeOptions.FullStatusReadEvery"/>: deleted candidates
/// and anything a search missed), and whenever the search fails as the notes say it can (an error answer, or a filter it
/// ignored and so matched everything).
/// </summary>
internal sealed class RecruiteeStatusRead(RecruiteeApi api, TimeProvider clock, ILogger log)
{
    /// <summary>Candidate ids per <c>GET /candidates?ids=…</c>: keeps the URL short.</summary>
    public const int IdsPerRead = 100;

    /// <summary>Beyond this many search pages in one poll, reading each followed candidate is the cheaper way.</summary>
    public const int MaxSearchPages = 20;

    public async Task<AtsStatusBatch> ReadAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct)
    {
        var options = api.Options;
        var cursor = RecruiteeStatusCursor.Parse(query.Cursor);
        var since = cursor.Since(options.StatusOverlap);
        var now = clock.GetUtcNow();
        var fullReadDue = cursor.FullReadAt is not { } last || now - last >= options.FullStatusReadEvery;
        if (since is { } from && !fullReadDue)
        {
            var followed = query.Pushed.Select(p => p.CandidateId).Distinct().Count();
            var changed = await ChangedSinceAsync(connection, from, followed, ct);
            if (changed is not null)
            {
                var changes = await ReadChangedAsync(connection, query.Pushed, changed.Value.Ids, from, ct);
                var newest = Max(cursor.Newest, changed.Value.Newest);
                return new AtsStatusBatch(changes, (cursor with { Newest = newest }).Format());
            }
        }
        var (all, seen) = await ReadEachAsync(connection, query.Pushed, since, ct);
        return new AtsStatusBatch(all, new RecruiteeStatusCursor(Max(cursor.Newest, seen), now).Format());
    }

    /// <summary>
    /// The ids of the account's candidates updated since <paramref name="since"/> and the newest update among them, or
    /// null when the search cannot be trusted for this poll (the caller then reads each candidate).
    /// </summary>
    private async Task<(HashSet<string> Ids, DateTimeOffset? Newest)?> ChangedSinceAsync(
        AtsConnectionContext connection, DateTimeOffset since, int followed, CancellationToken ct)
    {
        var pageSize = Math.Clamp(api.Options.SearchPageSize, 1, 10_000);
        var floor = since.ToUnixTimeSeconds();
        // updated_at is the filter one public client uses; the docs' table lists created_at. The search ignores a field it
        // does not know and returns everything, so each hit is checked against the filter below.
        var filters = JsonSerializer.Serialize(new object[] { new { field = "updated_at", gte = floor } });
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? newest = null;
        for (var page = 0; ; page++)
        {
            RecruiteeSearchPage answer;
            try
            {
                // Vendor docs: https://docs.recruitee.com/ (GET /c/{company_id}/search/new/candidates: filters_json, limit, offset, sort_by)
                answer = await api.GetAsync<RecruiteeSearchPage>(connection, ["search", "new", "candidates"],
                    new { filters_json = filters, limit = pageSize, offset = page * pageSize, sort_by = "created_at_desc" }, ct);
            }
            catch (AtsException e) when (e.Kind != AtsFailureKind.Auth && e.StatusCode is { } status && status != 429)
            {
                log.LogWarning("Recruitee candidate search failed ({Status}); reading each followed candidate instead", status);
                return null;
            }
            var hits = answer.Hits ?? [];
            foreach (var hit in hits)
            {
                if (hit.UpdatedAt is not { } updated || updated.ToUnixTimeSeconds() < floor)
                {
                    log.LogWarning("Recruitee candidate search ignored its updated_at filter; reading each followed candidate instead");
                    return null;
                }
                ids.Add(hit.Id.ToString(CultureInfo.InvariantCulture));
                newest = Max(newest, updated);
            }
            // Sorted by creation, newest first: a candidate updated meanwhile joins the set and can only push others to a
            // later page (read twice, never missed).
            if (hits.Count < pageSize || (answer.Total is { } total && (page + 1) * pageSize >= total)) return (ids, newest);
            var pages = answer.Total is { } all ? (all + pageSize - 1) / pageSize : page + 2;
            if (pages > MaxSearchPages || pages > followed) return null;
        }
    }

    /// <summary>The followed applications of the changed candidates, read by id list; ids the list leaves out are read one by one.</summary>
    private async Task<List<AtsStatusChange>> ReadChangedAsync(
        AtsConnectionContext connection, IReadOnlyList<AtsApplicationRef> pushed, HashSet<string> changed, DateTimeOffset since, CancellationToken ct)
    {
        var groups = pushed.Where(p => changed.Contains(p.CandidateId)).GroupBy(p => p.CandidateId).ToList();
        var changes = new List<AtsStatusChange>();
        foreach (var chunk in groups.Chunk(IdsPerRead))
        {
            // Vendor docs: https://docs.recruitee.com/reference/candidates-get (a comma-separated id list)
            var page = await api.GetAsync<RecruiteeCandidatesPage>(connection, ["candidates"],
                new { ids = string.Join(',', chunk.Select(g => g.Key)), limit = chunk.Length, offset = 0 }, ct);
            var found = (page.Candidates ?? []).ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture));
            foreach (var group in chunk)
            {
                if (found.TryGetValue(group.Key, out var candidate))
                {
                    changes.AddRange(Statuses(candidate, page.References ?? [], group, since).Changes);
                    continue;
                }
                var (one, _) = await ReadOneAsync(connection, group, since, ct);
                changes.AddRange(one);
            }
        }
        return changes;
    }

    /// <summary>Every followed candidate on its own (the read before the search existed); returns the newest vendor time seen.</summary>
    private async Task<(List<AtsStatusChange> Changes, DateTimeOffset? Newest)> ReadEachAsync(
        AtsConnectionContext connection, IReadOnlyList<AtsApplicationRef> pushed, DateTimeOffset? since, CancellationToken ct)
    {
        var changes = new List<AtsStatusChange>();
        DateTimeOffset? newest = null;
        foreach (var group in pushed.GroupBy(p => p.CandidateId))
        {
            var (one, seen) = await ReadOneAsync(connection, group, since, ct);
            changes.AddRange(one);
            newest = Max(newest, seen);
        }
        return (changes, newest);
    }

    private async Task<(List<AtsStatusChange> Changes, DateTimeOffset? Newest)> ReadOneAsync(
        AtsConnectionContext connection, IGrouping<string, AtsApplicationRef> group, DateTimeOffset? since, CancellationToken ct)
    {
        RecruiteeCandidateEnvelope envelope;
        try
        {
            // Vendor docs: https://docs.recruitee.com/reference/candidatesid-get
            envelope = await api.GetAsync<RecruiteeCandidateEnvelope>(connection, ["candidates", group.Key], null, ct);
        }
        catch (AtsException e) when (e.StatusCode == 404)
        {
            var now = clock.GetUtcNow();
            return (group.Select(p => new AtsStatusChange(p.CandidateId, p.ApplicationId, AtsApplicationStatus.Withdrawn,
                "The candidate was deleted in Recruitee.", now)).ToList(), null);
        }
        return envelope.Candidate is { } candidate ? Statuses(candidate, envelope.References ?? [], group, since) : ([], null);
    }

    /// <summary>The status of each followed placement of <paramref name="candidate"/> that changed since <paramref name="since"/>.</summary>
    private static (List<AtsStatusChange> Changes, DateTimeOffset? Newest) Statuses(
        RecruiteeCandidate candidate, IReadOnlyList<RecruiteeReference> references, IEnumerable<AtsApplicationRef> followed, DateTimeOffset? since)
    {
        var changes = new List<AtsStatusChange>();
        var newest = candidate.UpdatedAt;
        foreach (var pushed in followed)
        {
            if (FindPlacement(candidate, pushed) is not { } placement) continue;
            var change = RecruiteeMapping.ToStatus(candidate.Id, placement, references);
            newest = Max(newest, change.OccurredAt);
            if (since is null || change.OccurredAt >= since) changes.Add(change);
        }
        return (changes, newest);
    }

    private static RecruiteePlacement? FindPlacement(RecruiteeCandidate candidate, AtsApplicationRef pushed)
    {
        var placements = candidate.Placements ?? [];
        return placements.FirstOrDefault(p => p.Id.ToString(CultureInfo.InvariantCulture) == pushed.ApplicationId)
            ?? placements.FirstOrDefault(p => p.OfferId?.ToString(CultureInfo.InvariantCulture) == pushed.JobExternalId);
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
