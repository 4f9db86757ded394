using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>The emulated Workable accounts, what recruiters do to candidates, and the webhooks that follow.</summary>
internal sealed class WorkableSandboxStore(TimeProvider clock, SandboxWebhookSender webhooks)
{
    public const string MovedEvent = "candidate_moved";
    public const string CreatedEvent = "candidate_created";

    private readonly ConcurrentDictionary<string, WorkableAccountState> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public TimeProvider Clock => clock;

    public IEnumerable<WorkableAccountState> Accounts => _accounts.Values.OrderBy(a => a.Subdomain, StringComparer.Ordinal);

    public WorkableAccountState? Find(string subdomain) => _accounts.GetValueOrDefault(subdomain);

    public WorkableAccountState Get(string subdomain) =>
        Find(subdomain) ?? throw new KeyNotFoundException($"The Workable sandbox has no account '{subdomain}'.");

    public WorkableAccountState Create(string subdomain, string name, int jobCount, IReadOnlyDictionary<string, IReadOnlyList<string>> tokens)
    {
        var account = new WorkableAccountState(subdomain, name);
        foreach (var (token, scopes) in tokens) account.Tokens[token] = scopes.ToHashSet(StringComparer.Ordinal);
        account.Members.AddRange(WorkableSandboxSeed.Team);
        for (var i = 0; i < jobCount; i++) account.Jobs.Add(WorkableSandboxSeed.Job(account, account.NextJob++));
        if (!_accounts.TryAdd(subdomain, account)) throw new InvalidOperationException($"The Workable sandbox already has '{subdomain}'.");
        return account;
    }

    /// <summary>Moves a candidate the way the recruiter console, disqualify and move all do; returns what happened in words.</summary>
    public string Apply(WorkableAccountState account, string candidateId, SandboxRecruiterAction action, string? reason = null, bool withdrew = false)
    {
        WorkableCandidateState candidate;
        string outcome;
        lock (account)
        {
            candidate = account.Candidates.FirstOrDefault(c => c.Id == candidateId)
                ?? throw new KeyNotFoundException($"No candidate {candidateId} in {account.Subdomain}.");
            if (candidate.Disqualified || candidate.HiredAt is not null)
            {
                return $"{candidate.Name} is already {(candidate.Disqualified ? "disqualified" : "hired")}; nothing changed.";
            }
            var now = clock.GetUtcNow();
            switch (action)
            {
                case SandboxRecruiterAction.Advance:
                    var index = WorkablePipeline.Stages.ToList().FindIndex(s => s.Slug == candidate.StageSlug);
                    Move(candidate, WorkablePipeline.Stages[Math.Min(index + 1, WorkablePipeline.Stages.Count - 1)].Slug, now);
                    outcome = $"Moved {candidate.Name} to {WorkablePipeline.Stage(candidate.StageSlug).Name}.";
                    break;
                case SandboxRecruiterAction.Hire:
                    Move(candidate, "hired", now);
                    outcome = $"Hired {candidate.Name}.";
                    break;
                default:
                    candidate.Disqualified = true;
                    candidate.Withdrew = withdrew;
                    candidate.DisqualificationReason = reason ?? WorkablePipeline.Reasons[0].Description;
                    candidate.DisqualifiedAt = now;
                    candidate.UpdatedAt = now;
                    outcome = $"Disqualified {candidate.Name}: {candidate.DisqualificationReason}.";
                    break;
            }
        }
        // Disqualifying counts as a move here; whether Workable fires candidate_moved for it is unconfirmed.
        Fire(account, candidate, MovedEvent);
        return outcome;
    }

    public static void Move(WorkableCandidateState candidate, string slug, DateTimeOffset now)
    {
        candidate.StageSlug = WorkablePipeline.Stage(slug).Slug;
        if (candidate.StageSlug == "hired") candidate.HiredAt = now;
        candidate.UpdatedAt = now;
    }

    /// <summary>Posts the candidate as it is now to each matching subscription, signed with the token that subscribed.</summary>
    public void Fire(WorkableAccountState account, WorkableCandidateState candidate, string eventType)
    {
        var deliveries = new List<(Uri Target, byte[] Body, string Token)>();
        lock (account)
        {
            foreach (var subscription in account.Subscriptions.Where(s => s.Event == eventType
                && (s.JobShortcode.Length == 0 || s.JobShortcode == candidate.Job.Shortcode)
                && (s.StageSlug.Length == 0 || s.StageSlug == candidate.StageSlug)))
            {
                var hook = new WireWebhook(
                    $"evt_{account.Subdomain}_{++account.NextEvent}", eventType, WorkableWireJson.Time(clock.GetUtcNow()), "candidate",
                    WorkableSandboxProjection.Detail(account, candidate, account.PublicRoot));
                deliveries.Add((new Uri(subscription.Target), JsonSerializer.SerializeToUtf8Bytes(hook, WorkableWireJson.Options), subscription.SigningToken));
            }
        }
        foreach (var (target, body, token) in deliveries)
        {
            webhooks.Send("workable", target, body, new Dictionary<string, string> { ["X-Workable-Signature"] = Sign(body, token) });
        }
    }

    public static string Sign(byte[] body, string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), body));
}
