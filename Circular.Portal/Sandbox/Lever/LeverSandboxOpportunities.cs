using System.Text.Json;

namespace Circular.Portal.Sandbox.Lever;

/// <summary>Opportunities: list with Lever's filters, create (JSON or multipart with resumeFile), files, notes, tags and sources.</summary>
internal sealed class LeverSandboxOpportunities(LeverSandboxStore store, LeverSandboxGate gate, LeverSandboxWebhooks webhooks)
{
    public void Map(IEndpointRouteBuilder v1, string env)
    {
        v1.MapGet("/opportunities", LeverSandboxGate.Handler(http => ListAsync(http, env)));
        v1.MapGet("/opportunities/{id}", (HttpContext http, string id) => WithAsync(http, env, id, "opportunities", false, (a, o) =>
            Results.Json(new LeverWireData<LeverWireOpportunity>(LeverSandboxWire.Opportunity(a, o, Expand(http))), LeverSandboxWire.Json)));
        v1.MapPost("/opportunities", LeverSandboxGate.Handler(http => CreateAsync(http, env)));
        v1.MapPost("/opportunities/{id}/files", (HttpContext http, string id) => UploadAsync(http, env, id));
        v1.MapPost("/opportunities/{id}/notes", (HttpContext http, string id) => NoteAsync(http, env, id));
        v1.MapPost("/opportunities/{id}/addTags", (HttpContext http, string id) => AddAsync(http, env, id, "tags", o => o.Tags));
        v1.MapPost("/opportunities/{id}/addSources", (HttpContext http, string id) => AddAsync(http, env, id, "sources", o => o.Sources));
        v1.MapPost("/opportunities/{id}/addLinks", (HttpContext http, string id) => AddAsync(http, env, id, "links", o => o.Links));
        // Reads of what an opportunity holds: resumes (the create's resumeFile), files (uploads), notes.
        v1.MapGet("/opportunities/{id}/resumes", (HttpContext http, string id) => WithAsync(http, env, id, "resumes", false, (_, o) =>
            Results.Json(new { data = o.Files.Where(f => f.Kind == "resume").Select(f => new { id = f.Id, createdAt = f.UploadedAt, file = FileWire(f) }), hasNext = false },
                LeverSandboxWire.Json)));
        v1.MapGet("/opportunities/{id}/files", (HttpContext http, string id) => WithAsync(http, env, id, "files", false, (_, o) =>
            Results.Json(new { data = o.Files.Where(f => f.Kind != "resume").Select(FileWire), hasNext = false }, LeverSandboxWire.Json)));
        v1.MapGet("/opportunities/{id}/notes", (HttpContext http, string id) => WithAsync(http, env, id, "notes", false, (_, o) =>
            Results.Json(new
            {
                data = o.Notes.Select(n => new { id = n.Id, user = n.UserId, fields = new[] { new { type = "note", text = "Note", value = n.Value } }, createdAt = n.At }),
                hasNext = false,
            }, LeverSandboxWire.Json)));
    }

    private async Task<IResult> ListAsync(HttpContext http, string env)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, "opportunities", write: false);
        if (account is null) return refusal!;
        var (limit, offset) = LeverSandboxGate.Paging(http);
        if (offset is not { } from) return LeverSandboxGate.BadOffset();
        var q = http.Request.Query;
        var (start, end) = (LeverSandboxGate.Millis(http, "updated_at_start"), LeverSandboxGate.Millis(http, "updated_at_end"));
        var emails = q["email"].Where(e => !string.IsNullOrEmpty(e)).ToList();
        var tags = q["tag"].Where(t => !string.IsNullOrEmpty(t)).ToList();
        lock (account.Lock)
        {
            var items = account.Opportunities
                .Where(o => emails.Count == 0 || o.Emails.Any(e => emails.Contains(e, StringComparer.OrdinalIgnoreCase)))
                .Where(o => tags.Count == 0 || o.Tags.Any(tags.Contains)) // case-sensitive, as documented
                .Where(o => !q.ContainsKey("posting_id") || o.PostingId == q["posting_id"])
                .Where(o => !q.ContainsKey("source") || o.Sources.Contains(q["source"].ToString()))
                .Where(o => !q.ContainsKey("archived") || (o.ArchivedAt is not null) == (q["archived"] == "true"))
                .Where(o => start is null || o.UpdatedAt >= start)
                .Where(o => end is null || o.UpdatedAt <= end)
                .OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)
                .Select(o => LeverSandboxWire.Opportunity(account, o, Expand(http)))
                .ToList();
            return Results.Json(LeverSandboxWire.Page(items, from, limit), LeverSandboxWire.Json);
        }
    }

    private async Task<IResult> CreateAsync(HttpContext http, string env)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, "opportunities", write: true);
        if (account is null) return refusal!;
        var performAs = http.Request.Query["perform_as"].ToString();
        if (!account.Users.Any(u => u.Id == performAs))
        {
            return LeverSandboxGate.Error(400, "BadRequestError", performAs.Length == 0 ? "perform_as is required" : $"perform_as user {performAs} was not found");
        }
        var body = await LeverSandboxCreateBody.ReadAsync(http.Request, http.RequestAborted);
        if (body is null) return LeverSandboxGate.Error(400, "BadRequestError", "Body must be application/json or multipart/form-data");
        if (body.Postings.Count > 1) return LeverSandboxGate.Error(400, "BadRequestError", "Only one posting may be specified per opportunity");
        if (body.Files.Count > 0 && body.Files.Any(f => f.Content.Length > 30 * 1024 * 1024)) return LeverSandboxGate.Error(400, "BadRequestError", "Files may be at most 30 MB");
        var now = store.NowMs;
        lock (account.Lock)
        {
            var postingId = body.Postings.FirstOrDefault();
            if (postingId is not null && account.Postings.All(p => p.Id != postingId)) return LeverSandboxGate.Error(404, "ResourceNotFound", $"postings {postingId} was not found");
            // Lever dedupes the person (contact) by email, never the opportunity.
            var person = account.Opportunities.FirstOrDefault(o => o.Emails.Intersect(body.Emails, StringComparer.OrdinalIgnoreCase).Any());
            var stage = LeverSandboxCatalogue.Stages.Any(s => s.Id == body.Stage) ? body.Stage! : "lead-new";
            var o = new LeverSandboxOpportunity
            {
                Id = Guid.NewGuid().ToString(), ContactId = person?.ContactId ?? Guid.NewGuid().ToString(), Name = body.Name ?? person?.Name ?? "",
                Headline = body.Headline, Location = body.Location, Origin = body.Origin ?? "sourced", PostingId = postingId,
                ApplicationId = postingId is null ? null : Guid.NewGuid().ToString(), StageId = stage, OwnerId = performAs,
                CreatedAt = now, UpdatedAt = now, LastAdvancedAt = now,
            };
            o.Emails.AddRange(body.Emails.Distinct(StringComparer.OrdinalIgnoreCase));
            o.Phones.AddRange(body.Phones);
            o.Links.AddRange(body.Links.Distinct());
            o.Tags.AddRange(body.Tags.Distinct());
            o.Sources.AddRange(body.Sources.Distinct());
            o.StageChanges.Add((stage, LeverSandboxCatalogue.StageIndex(stage), performAs, now));
            o.Files.AddRange(body.Files.Select(f => new LeverSandboxFile(Guid.NewGuid().ToString(), f.Kind, f.Name, f.ContentType, f.Content.Length, LeverSandboxTokens.Sha256Hex(f.Content), now)));
            account.Opportunities.Add(o);
            if (o.ApplicationId is not null)
            {
                webhooks.Fire(account, "applicationCreated", new { candidateId = o.Id, opportunityId = o.Id, applicationId = o.ApplicationId, contactId = o.ContactId, postingId });
            }
            return Results.Json(new LeverWireCreated<LeverWireOpportunity>(person is not null, LeverSandboxWire.Opportunity(account, o, false)), LeverSandboxWire.Json, statusCode: 201);
        }
    }

    private async Task<IResult> UploadAsync(HttpContext http, string env, string id)
    {
        if (!http.Request.HasFormContentType) return LeverSandboxGate.Error(400, "BadRequestError", "Files must be sent as multipart/form-data");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var file = form.Files.GetFile("file");
        if (file is null) return LeverSandboxGate.Error(400, "BadRequestError", "Missing file field 'file'");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);
        var bytes = buffer.ToArray();
        return await WithAsync(http, env, id, "files", true, (a, o) =>
        {
            var stored = new LeverSandboxFile(Guid.NewGuid().ToString(), "file", file.FileName, file.ContentType ?? "application/octet-stream", bytes.Length, LeverSandboxTokens.Sha256Hex(bytes), store.NowMs);
            o.Files.Add(stored);
            o.UpdatedAt = store.NowMs;
            var ext = Path.GetExtension(stored.Name).TrimStart('.');
            return Results.Json(new LeverWireData<LeverWireFile>(new LeverWireFile(stored.Id, $"https://hire.lever.co/files/{stored.Id}/download", ext, stored.Name, stored.UploadedAt, "processed", stored.Size)),
                LeverSandboxWire.Json, statusCode: 201);
        });
    }

    private async Task<IResult> NoteAsync(HttpContext http, string env, string id)
    {
        var value = await ValueAsync(http, "value");
        if (string.IsNullOrWhiteSpace(value)) return LeverSandboxGate.Error(400, "BadRequestError", "Note value is required");
        var performAs = http.Request.Query["perform_as"].ToString();
        return await WithAsync(http, env, id, "notes", true, (_, o) =>
        {
            var noteId = Guid.NewGuid().ToString();
            o.Notes.Add((noteId, value, performAs, store.NowMs));
            return Results.Json(new LeverWireData<object>(new { noteId }), LeverSandboxWire.Json, statusCode: 201);
        });
    }

    private async Task<IResult> AddAsync(HttpContext http, string env, string id, string field, Func<LeverSandboxOpportunity, List<string>> list)
    {
        List<string> values;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            values = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(field, out var arr) && arr.ValueKind == JsonValueKind.Array
                ? arr.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList() : [];
        }
        catch (JsonException)
        {
            return LeverSandboxGate.Error(400, "BadRequestError", $"Body must be JSON with a {field} array");
        }
        return await WithAsync(http, env, id, "opportunities", true, (a, o) =>
        {
            foreach (var v in values.Where(v => !list(o).Contains(v))) list(o).Add(v);
            o.UpdatedAt = store.NowMs;
            return Results.Json(new LeverWireData<LeverWireOpportunity>(LeverSandboxWire.Opportunity(a, o, false)), LeverSandboxWire.Json);
        });
    }

    private async Task<IResult> WithAsync(HttpContext http, string env, string id, string family, bool write, Func<LeverSandboxAccountState, LeverSandboxOpportunity, IResult> act)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, family, write);
        if (account is null) return refusal!;
        lock (account.Lock)
        {
            var o = account.Opportunities.FirstOrDefault(x => x.Id == id);
            return o is null ? LeverSandboxGate.Error(404, "ResourceNotFound", $"opportunities {id} was not found") : act(account, o);
        }
    }

    private static async Task<string?> ValueAsync(HttpContext http, string name)
    {
        if (http.Request.HasFormContentType) return (await http.Request.ReadFormAsync(http.RequestAborted))[name].ToString();
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static LeverWireFile FileWire(LeverSandboxFile f) =>
        new(f.Id, $"https://hire.lever.co/files/{f.Id}/download", Path.GetExtension(f.Name).TrimStart('.'), f.Name, f.UploadedAt, "processed", f.Size);

    private static bool Expand(HttpContext http) => http.Request.Query["expand"].Contains("applications");
}
