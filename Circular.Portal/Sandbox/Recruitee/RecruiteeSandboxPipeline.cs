using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>
/// Moves placements through the pipeline for the API (change_stage, disqualify) and the recruiter console alike, and
/// builds the candidate_moved webhook each move fires. Moves run under the company lock; deliveries go out after it.
/// </summary>
internal sealed class RecruiteeSandboxPipeline(RecruiteeSandboxStore store, SandboxWebhookSender sender, TimeProvider clock)
{
    public const string SignatureHeader = "X-Recruitee-Signature";

    public DateTimeOffset Now => RecruiteeSandboxSeed.Truncate(clock.GetUtcNow());

    public RecruiteeWebhookDraft? MoveTo(RecruiteeCompanyState company, RecruiteePlacementState placement, RecruiteeStageState to)
    {
        var from = company.Stage(placement.StageId);
        if (from.Id == to.Id) return null;
        var now = Now;
        placement.StageId = to.Id;
        placement.UpdatedAt = now;
        placement.HiredAt = to.Category == "hire" ? now : null;
        placement.HiredById = to.Category == "hire" ? company.Admins[0].Id : null;
        Touch(company, placement, now);
        return Draft(company, placement, "stage_changed", "Candidate moved", new { from_stage = StageRef(from), to_stage = StageRef(to) });
    }

    /// <summary>The next stage by position (locked entry stages lead to the first open one); nothing after "Hired".</summary>
    public RecruiteeWebhookDraft? Advance(RecruiteeCompanyState company, RecruiteePlacementState placement)
    {
        var current = company.Stage(placement.StageId);
        var next = company.Stages.Where(s => s.Position > current.Position && !s.Locked).OrderBy(s => s.Position).FirstOrDefault();
        return next is null ? null : MoveTo(company, placement, next);
    }

    public RecruiteeWebhookDraft? Hire(RecruiteeCompanyState company, RecruiteePlacementState placement) =>
        MoveTo(company, placement, company.Stages.First(s => s.Category == "hire"));

    public RecruiteeWebhookDraft? Disqualify(RecruiteeCompanyState company, RecruiteePlacementState placement, RecruiteeReasonState reason)
    {
        var now = Now;
        placement.DisqualifiedAt = now;
        placement.DisqualifyReason = reason;
        placement.UpdatedAt = now;
        Touch(company, placement, now);
        var stage = company.Stage(placement.StageId);
        return Draft(company, placement, "disqualified", "Candidate disqualified",
            new { from_stage = StageRef(stage), to_stage = StageRef(stage), disqualify_reason = new { id = reason.Id, name = reason.Name } });
    }

    /// <summary>Signs the exact bytes sent: lowercase hex HMAC-SHA256 of the body with the webhook's secret.</summary>
    public void Send(RecruiteeWebhookDraft? draft)
    {
        if (draft is null) return;
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(draft.Secret), draft.Body));
        sender.Send("recruitee", draft.Url, draft.Body, new Dictionary<string, string>
        {
            [SignatureHeader] = signature,
            ["User-Agent"] = "Recruitee-Webhooks",
        });
    }

    private static void Touch(RecruiteeCompanyState company, RecruiteePlacementState placement, DateTimeOffset now)
    {
        if (company.Candidates.TryGetValue(placement.CandidateId, out var candidate)) candidate.UpdatedAt = now;
    }

    private RecruiteeWebhookDraft? Draft(RecruiteeCompanyState company, RecruiteePlacementState placement, string subtype, string message, object details)
    {
        if (company.Webhook is not { } hook) return null;
        var candidate = company.Candidates[placement.CandidateId];
        // A deleted offer is named by its id only.
        var offer = company.Offer(placement.OfferId);
        var envelope = new
        {
            id = store.NextId(),
            attempt_count = 1,
            created_at = Now,
            event_type = "candidate_moved",
            event_subtype = subtype,
            level = "candidate",
            message,
            payload = new
            {
                candidate = new { id = candidate.Id, name = candidate.Name, emails = candidate.Emails.ToList() },
                offer = new { id = placement.OfferId, title = offer?.Title, slug = offer?.Slug, kind = "job" },
                company = new { id = company.Id, name = company.Name },
                details,
            },
        };
        return new RecruiteeWebhookDraft(hook.Url, hook.Secret, JsonSerializer.SerializeToUtf8Bytes(envelope, RecruiteeWire.Json));
    }

    private static object StageRef(RecruiteeStageState s) => new { id = s.Id, name = s.Name, category = s.Category };
}

internal sealed record RecruiteeWebhookDraft(Uri Url, string Secret, byte[] Body);
