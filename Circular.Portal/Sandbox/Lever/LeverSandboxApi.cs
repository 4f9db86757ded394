namespace Circular.Portal.Sandbox.Lever;

/// <summary>Lever's read endpoints for postings, users, stages and archive reasons.</summary>
internal sealed class LeverSandboxApi(LeverSandboxGate gate)
{
    private static readonly string[] PostingFilters = ["state", "distributionChannel", "group", "team", "department", "location", "commitment", "level", "tag"];

    public void Map(IEndpointRouteBuilder v1, string env)
    {
        v1.MapGet("/postings", LeverSandboxGate.Handler(http => PostingsAsync(http, env)));
        v1.MapGet("/postings/{id}", (HttpContext http, string id) => PostingAsync(http, env, id));
        v1.MapGet("/users", LeverSandboxGate.Handler(http => UsersAsync(http, env)));
        v1.MapGet("/stages", LeverSandboxGate.Handler(http => ListAsync(http, env, "stages",
            _ => LeverSandboxCatalogue.Stages.Select(s => new LeverWireStage(s.Id, s.Text)).ToList())));
        v1.MapGet("/archive_reasons", LeverSandboxGate.Handler(http => ListAsync(http, env, "archive_reasons", h =>
        {
            var type = h.Request.Query["type"].ToString();
            return LeverSandboxCatalogue.ArchiveReasons.Where(r => type.Length == 0 || r.Type == type)
                .Select(r => new LeverWireArchiveReason(r.Id, r.Text, "active", r.Type)).ToList();
        })));
    }

    private async Task<IResult> PostingsAsync(HttpContext http, string env)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, "postings", write: false);
        if (account is null) return refusal!;
        var query = http.Request.Query;
        // Vendor docs: confidentiality = confidential | non-confidential | all, default non-confidential; confidential data
        // is visible only to credentials granted confidential access (without it, confidential postings are left out).
        var confidentiality = query["confidentiality"].ToString() is { Length: > 0 } c ? c : "non-confidential";
        if (confidentiality is not ("confidential" or "non-confidential" or "all"))
        {
            return LeverSandboxGate.Error(400, "BadRequestError", "confidentiality must be confidential, non-confidential or all");
        }
        var seesConfidential = gate.HasScope(http, env, "confidential:access:admin");
        var start = LeverSandboxGate.Millis(http, "updated_at_start");
        var end = LeverSandboxGate.Millis(http, "updated_at_end");
        if ((start ?? end) is not null && PostingFilters.Any(f => query.ContainsKey(f)))
        {
            // Vendor docs: updated_at_start/_end "can only be used in combination with confidentiality".
            return LeverSandboxGate.Error(400, "BadRequestError", "updated_at_start and updated_at_end can only be used in combination with confidentiality");
        }
        var (limit, offset) = LeverSandboxGate.Paging(http);
        if (offset is not { } from) return LeverSandboxGate.BadOffset();
        var states = query["state"].Where(s => !string.IsNullOrEmpty(s)).ToHashSet();
        var includeContent = query["include"].Contains("content");
        lock (account.Lock)
        {
            var postings = account.Postings
                .Where(p => states.Count == 0 || states.Contains(p.State))
                .Where(p => p.Confidentiality == "confidential"
                    ? seesConfidential && confidentiality is "confidential" or "all"
                    : confidentiality is "non-confidential" or "all")
                .Where(p => start is null || p.UpdatedAt >= start)
                .Where(p => end is null || p.UpdatedAt <= end)
                .Where(p => !query.ContainsKey("team") || query["team"] == p.Team)
                .Where(p => !query.ContainsKey("department") || query["department"] == p.Department)
                .OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)
                .Select(p => LeverSandboxWire.Posting(account, p, includeContent))
                .ToList();
            return Results.Json(LeverSandboxWire.Page(postings, from, limit), LeverSandboxWire.Json);
        }
    }

    private async Task<IResult> PostingAsync(HttpContext http, string env, string id)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, "postings", write: false);
        if (account is null) return refusal!;
        lock (account.Lock)
        {
            var posting = account.Postings.FirstOrDefault(p => p.Id == id);
            return posting is null
                ? LeverSandboxGate.Error(404, "ResourceNotFound", $"postings {id} was not found")
                : Results.Json(new LeverWireData<LeverWirePosting>(LeverSandboxWire.Posting(account, posting, includeContent: true)), LeverSandboxWire.Json);
        }
    }

    private async Task<IResult> UsersAsync(HttpContext http, string env)
    {
        var email = http.Request.Query["email"].ToString();
        return await ListAsync(http, env, "users", _ => null, account => account.Users
            .Where(u => email.Length == 0 || string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase))
            .Select(LeverSandboxWire.User).ToList());
    }

    private Task<IResult> ListAsync<T>(HttpContext http, string env, string family, Func<HttpContext, IReadOnlyList<T>> items) =>
        ListAsync(http, env, family, items, null);

    private async Task<IResult> ListAsync<T>(HttpContext http, string env, string family,
        Func<HttpContext, IReadOnlyList<T>?> items, Func<LeverSandboxAccountState, IReadOnlyList<T>>? perAccount)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, family, write: false);
        if (account is null) return refusal!;
        var (limit, offset) = LeverSandboxGate.Paging(http);
        if (offset is not { } from) return LeverSandboxGate.BadOffset();
        IReadOnlyList<T> all;
        lock (account.Lock) all = perAccount?.Invoke(account) ?? items(http) ?? [];
        return Results.Json(LeverSandboxWire.Page(all, from, limit), LeverSandboxWire.Json);
    }
}
