namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>Company-level reads: admins (the token probe), offers with their pipeline, disqualify reasons.</summary>
internal static class RecruiteeOfferEndpoints
{
    public static void Map(IEndpointRouteBuilder root, RecruiteeSandboxGate gate)
    {
        root.MapGet("/c/{company}/admins", async (HttpContext http, string company) =>
        {
            var (state, refusal) = await gate.EnterAsync(http, company, needsCandidates: false);
            if (state is null) return refusal!;
            lock (state.Sync)
            {
                return RecruiteeWire.Ok(new { admins = RecruiteeSandboxRequest.Page(http, state.Admins).Select(RecruiteeWire.Admin).ToList() });
            }
        });

        root.MapGet("/c/{company}/offers", async (HttpContext http, string company) =>
        {
            var (state, refusal) = await gate.EnterAsync(http, company, needsCandidates: false);
            if (state is null) return refusal!;
            var scope = RecruiteeSandboxRequest.StringQuery(http, "scope");
            var brief = RecruiteeSandboxRequest.StringQuery(http, "view_mode") == "brief";
            lock (state.Sync)
            {
                var offers = state.Offers.Where(o => InScope(o.Status, scope)).OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id);
                var page = RecruiteeSandboxRequest.Page(http, offers).Select(o => RecruiteeWire.Offer(state, o, brief, withPipeline: false)).ToList();
                return RecruiteeWire.Ok(new { offers = page });
            }
        });

        root.MapGet("/c/{company}/offers/{id:long}", async (HttpContext http, string company, long id) =>
        {
            var (state, refusal) = await gate.EnterAsync(http, company, needsCandidates: false);
            if (state is null) return refusal!;
            lock (state.Sync)
            {
                return state.Offer(id) is { } offer
                    ? RecruiteeWire.Ok(new { offer = RecruiteeWire.Offer(state, offer, brief: false, withPipeline: true) })
                    : RecruiteeWire.Error(404, "not_found", "Offer not found");
            }
        });

        root.MapGet("/c/{company}/disqualify_reasons", async (HttpContext http, string company) =>
        {
            var (state, refusal) = await gate.EnterAsync(http, company, needsCandidates: false);
            if (state is null) return refusal!;
            lock (state.Sync)
            {
                return RecruiteeWire.Ok(new { disqualify_reasons = state.DisqualifyReasons.Select(r => new WireReason(r.Id, r.Name, r.Position)).ToList() });
            }
        });
    }

    /// <summary>The scope values public clients send; without one, every offer (archived included) comes back.</summary>
    private static bool InScope(string status, string? scope) => scope switch
    {
        "active" => status is "published" or "internal",
        "published" => status == "published",
        "archived" => status == "archived",
        "not_archived" => status != "archived",
        _ => true,
    };
}
