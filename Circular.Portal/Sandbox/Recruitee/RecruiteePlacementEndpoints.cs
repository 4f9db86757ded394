using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Recruitee.RecruiteeSandboxRequest;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>
/// Placements (a candidate on one offer): assign an existing candidate, change stage, disqualify. Stage changes and
/// disqualifications fire the company's webhook. Body shapes are unconfirmed, so flat and wrapped ({placement:{…}}) both work.
/// </summary>
internal static class RecruiteePlacementEndpoints
{
    public static void Map(IEndpointRouteBuilder root, RecruiteeSandboxGate gate, RecruiteeSandboxStore store, RecruiteeSandboxPipeline pipeline)
    {
        root.MapPost("/c/{company}/placements", async (HttpContext http, string company) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            var fields = body["placement"] as JsonObject ?? body;
            var candidateId = Long(fields["candidate_id"]);
            var offerId = Long(fields["offer_id"]);
            return await RecruiteeCandidateEndpoints.WithCompanyAsync(gate, http, company, state =>
            {
                if (candidateId is null || !state.Candidates.TryGetValue(candidateId.Value, out var candidate))
                    return RecruiteeWire.Error(422, "invalid", "Candidate id is invalid");
                if (offerId is null || state.Offer(offerId.Value) is null) return RecruiteeWire.Error(422, "invalid", "Offer id is invalid");
                if (candidate.Placements.Any(p => p.OfferId == offerId))
                    return RecruiteeWire.Error(422, "taken", "Candidate is already assigned to this offer");
                var now = pipeline.Now;
                var placement = new RecruiteePlacementState
                {
                    Id = store.NextId(), CandidateId = candidate.Id, OfferId = offerId.Value, StageId = state.EntryStage.Id, CreatedAt = now, UpdatedAt = now,
                };
                candidate.Placements.Add(placement);
                candidate.UpdatedAt = now;
                return RecruiteeWire.Ok(new { placement = RecruiteeWire.Placement(placement) }, 201);
            });
        });

        root.MapPatch("/c/{company}/placements/{id:long}/change_stage", async (HttpContext http, string company, long id) =>
        {
            var body = await ReadJsonAsync(http);
            if (body is null) return Malformed();
            var stageId = Long(body["stage_id"]) ?? Long((body["placement"] as JsonObject)?["stage_id"]);
            RecruiteeWebhookDraft? draft = null;
            var result = await RecruiteeCandidateEndpoints.WithCompanyAsync(gate, http, company, state =>
            {
                if (state.Placement(id) is not { } placement) return RecruiteeWire.Error(404, "not_found", "Placement not found");
                if (stageId is null) return RecruiteeWire.Error(422, "blank", "Stage id can't be blank");
                if (state.Stages.FirstOrDefault(s => s.Id == stageId) is not { } stage) return RecruiteeWire.Error(422, "invalid", "Stage id is invalid");
                draft = pipeline.MoveTo(state, placement, stage);
                return RecruiteeWire.Ok(new { placement = RecruiteeWire.Placement(placement) });
            });
            pipeline.Send(draft);
            return result;
        });

        // Unconfirmed route (the notes only need reads); kept so a script can disqualify like a recruiter would.
        root.MapPatch("/c/{company}/placements/{id:long}/disqualify", async (HttpContext http, string company, long id) =>
        {
            var body = await ReadJsonAsync(http) ?? [];
            var reasonId = Long(body["disqualify_reason_id"]) ?? Long((body["placement"] as JsonObject)?["disqualify_reason_id"]);
            RecruiteeWebhookDraft? draft = null;
            var result = await RecruiteeCandidateEndpoints.WithCompanyAsync(gate, http, company, state =>
            {
                if (state.Placement(id) is not { } placement) return RecruiteeWire.Error(404, "not_found", "Placement not found");
                var reason = state.DisqualifyReasons.FirstOrDefault(r => r.Id == reasonId) ?? state.DisqualifyReasons[0];
                draft = pipeline.Disqualify(state, placement, reason);
                return RecruiteeWire.Ok(new { placement = RecruiteeWire.Placement(placement) });
            });
            pipeline.Send(draft);
            return result;
        });
    }
}
