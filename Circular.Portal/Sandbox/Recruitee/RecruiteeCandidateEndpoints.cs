using System.Globalization;
using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Recruitee.RecruiteeSandboxRequest;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>Candidates: list (limit/offset, created_after, query, ids), read, create with remote_cv_url, patch, CV, notes, quick search.</summary>
internal static class RecruiteeCandidateEndpoints
{
    public static void Map(IEndpointRouteBuilder root, RecruiteeSandboxGate gate, RecruiteeSandboxStore store, RecruiteeSandboxPipeline pipeline)
    {
        root.MapGet("/c/{company}/candidates", (HttpContext http, string company) => WithCompanyAsync(gate, http, company, state =>
        {
            var createdAfter = StringQuery(http, "created_after") is { } raw
                && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var after) ? after : (DateTimeOffset?)null;
            var query = StringQuery(http, "query");
            var offerId = IntQuery(http, "offer_id");
            // The documented comma-separated id list: only these candidates (ids that do not parse are left out).
            var ids = StringQuery(http, "ids")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(i => long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (long?)null).OfType<long>().ToHashSet();
            var matches = state.Candidates.Values
                .Where(c => createdAfter is null || c.CreatedAt > createdAfter)
                .Where(c => query is null || c.Name.Contains(query, StringComparison.OrdinalIgnoreCase)
                    || c.Placements.Any(p => state.Offer(p.OfferId)?.Title.Contains(query, StringComparison.OrdinalIgnoreCase) == true))
                .Where(c => ids is null || ids.Contains(c.Id))
                .Where(c => offerId is null || c.Placements.Any(p => p.OfferId == offerId))
                .Where(c => StringQuery(http, "disqualified") is not ("true" or "1") || c.Placements.Any(p => p.DisqualifiedAt is not null))
                .Where(c => StringQuery(http, "qualified") is not ("true" or "1") || c.Placements.Any(p => p.DisqualifiedAt is null))
                .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
            var page = Page(http, matches).ToList();
            return RecruiteeWire.Ok(new
            {
                candidates = page.Select(c => RecruiteeWire.Candidate(state, c)).ToList(),
                generated_at = pipeline.Now,
                references = RecruiteeWire.References(state, page),
            });
        }));

        root.MapGet("/c/{company}/candidates/{id:long}", (HttpContext http, string company, long id) => WithCompanyAsync(gate, http, company, state =>
            state.Candidates.TryGetValue(id, out var c)
                ? RecruiteeWire.Ok(new { candidate = RecruiteeWire.Candidate(state, c), references = RecruiteeWire.References(state, [c]) })
                : NotFound()));

        root.MapPost("/c/{company}/candidates", async (HttpContext http, string company) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            var offers = Longs(body["offers"]).Concat(Longs(body["offer_id"])).Distinct().ToList();
            return await WithCompanyAsync(gate, http, company, state => RecruiteeCandidateCreation.Create(state, store, pipeline.Now, body, offers));
        });

        root.MapPost("/c/{company}/offers/{offerId:long}/candidates", async (HttpContext http, string company, long offerId) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            return await WithCompanyAsync(gate, http, company, state => RecruiteeCandidateCreation.Create(state, store, pipeline.Now, body, [offerId]));
        });

        root.MapPatch("/c/{company}/candidates/{id:long}", async (HttpContext http, string company, long id) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            return await WithCompanyAsync(gate, http, company, state =>
            {
                if (!state.Candidates.TryGetValue(id, out var c)) return NotFound();
                var fields = body["candidate"] as JsonObject ?? body;
                c.Name = Text(fields, "name") ?? c.Name;
                c.Emails = Strings(fields, "emails") ?? c.Emails;
                c.Phones = Strings(fields, "phones") ?? c.Phones;
                c.SocialLinks = Strings(fields, "social_links") ?? c.SocialLinks;
                c.Sources = Strings(fields, "sources") ?? c.Sources;
                c.Tags = Strings(fields, "tags") ?? c.Tags;
                c.UpdatedAt = pipeline.Now;
                return RecruiteeWire.Ok(new { candidate = RecruiteeWire.Candidate(state, c) });
            });
        });

        root.MapPatch("/c/{company}/candidates/{id:long}/update_cv", async (HttpContext http, string company, long id) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            return await WithCompanyAsync(gate, http, company, state =>
            {
                if (!state.Candidates.TryGetValue(id, out var c)) return NotFound();
                var url = Text(body["candidate"] as JsonObject ?? body, "remote_cv_url");
                if (!RecruiteeCandidateCreation.IsRemoteUrl(url)) return RecruiteeWire.Error(422, "invalid", "Remote cv url is invalid");
                c.RemoteCvUrl = url;
                c.CvDownload = null;
                store.FetchCv(c, url);
                c.UpdatedAt = pipeline.Now;
                return RecruiteeWire.Ok(new { candidate = RecruiteeWire.Candidate(state, c) });
            });
        });

        root.MapGet("/c/{company}/candidates/{id:long}/notes", (HttpContext http, string company, long id) => WithCompanyAsync(gate, http, company, state =>
            state.Candidates.TryGetValue(id, out var c)
                ? RecruiteeWire.Ok(new { notes = Page(http, c.Notes.OrderByDescending(n => n.CreatedAt)).Select(n => RecruiteeWire.Note(state, n)).ToList() })
                : NotFound()));

        root.MapPost("/c/{company}/candidates/{id:long}/notes", async (HttpContext http, string company, long id) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            return await WithCompanyAsync(gate, http, company, state =>
            {
                if (!state.Candidates.TryGetValue(id, out var c)) return NotFound();
                if (Text(body["note"] as JsonObject, "body") is not { } text) return RecruiteeWire.Error(422, "blank", "Body can't be blank");
                var note = new RecruiteeNoteState(store.NextId(), text, state.Admins[0].Id, pipeline.Now);
                c.Notes.Add(note);
                return RecruiteeWire.Ok(new { note = RecruiteeWire.Note(state, note) }, 201);
            });
        });

        root.MapGet("/c/{company}/search/new/quick", (HttpContext http, string company) => WithCompanyAsync(gate, http, company, state =>
        {
            var query = StringQuery(http, "query") ?? "";
            var withEmails = StringQuery(http, "with_emails") is "true" or "1";
            // Fuzzy at Recruitee: any candidate whose name or an email contains the text; callers compare emails themselves.
            var hits = state.Candidates.Values
                .Where(c => query.Length > 0 && (c.Name.Contains(query, StringComparison.OrdinalIgnoreCase)
                    || c.Emails.Any(e => e.Contains(query, StringComparison.OrdinalIgnoreCase))))
                .Select(c => new WireSearchHit(c.Id, c.Name, withEmails ? [.. c.Emails] : null, c.CreatedAt))
                .ToList();
            return RecruiteeWire.Ok(new { candidates = new { hits, total = hits.Count } });
        }));
    }

    /// <summary>Passes the gate (candidates need a role that sees them), then runs <paramref name="serve"/> under the company lock.</summary>
    public static async Task<IResult> WithCompanyAsync(RecruiteeSandboxGate gate, HttpContext http, string company, Func<RecruiteeCompanyState, IResult> serve)
    {
        var (state, refusal) = await gate.EnterAsync(http, company, needsCandidates: true);
        if (state is null) return refusal!;
        lock (state.Sync)
        {
            return serve(state);
        }
    }

    private static IResult NotFound() => RecruiteeWire.Error(404, "not_found", "Candidate not found");
}
