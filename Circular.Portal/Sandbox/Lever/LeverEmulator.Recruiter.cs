namespace Circular.Portal.Sandbox.Lever;

public sealed partial class LeverEmulator
{
    private const string RejectReason = "Underqualified";

    /// <summary>Advance moves to the next stage; Reject archives as "Underqualified"; Hire moves to Offer and archives as "Hired".</summary>
    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, CancellationToken ct)
    {
        var account = _store.Account(accountId);
        var fire = new List<(string Event, object Data)>();
        string outcome;
        lock (account.Lock)
        {
            var o = account.Opportunities.FirstOrDefault(x => x.Id == candidateId);
            if (o is null) return Task.FromResult($"No candidate {candidateId} in {account.Name}.");
            if (o.ArchivedAt is not null) return Task.FromResult($"{o.Name} is already archived.");
            var now = Math.Max(_store.NowMs, o.UpdatedAt + 1); // never equal to the create time, so updated-since sees it
            var ids = new { opportunityId = o.Id, candidateId = o.Id, contactId = o.ContactId };
            switch (action)
            {
                case SandboxRecruiterAction.Advance:
                    var index = LeverSandboxCatalogue.StageIndex(o.StageId);
                    if (index >= LeverSandboxCatalogue.Stages.Count - 1) return Task.FromResult($"{o.Name} is already at the last stage.");
                    var from = o.StageId;
                    Move(o, LeverSandboxCatalogue.Stages[index + 1].Id, now);
                    fire.Add(("candidateStageChange", new { ids.opportunityId, ids.candidateId, ids.contactId, fromStageId = from, toStageId = o.StageId }));
                    outcome = $"{o.Name} moved to {LeverSandboxCatalogue.StageText(o.StageId)}.";
                    break;
                case SandboxRecruiterAction.Reject:
                    fire.Add(("candidateArchiveChange", Archive(o, RejectReason, now)));
                    outcome = $"{o.Name} archived: {RejectReason}.";
                    break;
                case SandboxRecruiterAction.Hire:
                    Move(o, "offer", now);
                    fire.Add(("candidateHired", ids));
                    fire.Add(("candidateArchiveChange", Archive(o, "Hired", now)));
                    outcome = $"{o.Name} hired.";
                    break;
                default:
                    return Task.FromResult($"Lever has no action {action}.");
            }
        }
        foreach (var (name, data) in fire) _webhooks.Fire(account, name, data);
        return Task.FromResult(outcome);
    }

    /// <summary>What a push stored, as Lever keeps it; null when the account has no such opportunity.</summary>
    public LeverStoredOpportunity? Stored(string accountId, string opportunityId)
    {
        var account = _store.Account(accountId);
        lock (account.Lock)
        {
            var o = account.Opportunities.FirstOrDefault(x => x.Id == opportunityId);
            return o is null ? null : new LeverStoredOpportunity(
                o.Id, o.ContactId, o.Name, o.Emails.ToList(), o.Phones.Select(p => p.Value).ToList(), o.Links.ToList(), o.Tags.ToList(),
                o.Sources.ToList(), o.Origin, o.PostingId, o.ApplicationId, LeverSandboxCatalogue.StageText(o.StageId),
                LeverSandboxCatalogue.Reason(o.ArchiveReasonId)?.Text, o.OwnerId,
                o.Files.Select(f => new LeverStoredFile(f.Kind, f.Name, f.ContentType, f.Size, f.Sha256)).ToList(),
                o.Notes.Select(n => n.Value).ToList());
        }
    }

    /// <summary>Every opportunity of the account, as stored.</summary>
    public IReadOnlyList<LeverStoredOpportunity> StoredAll(string accountId)
    {
        var account = _store.Account(accountId);
        List<string> ids;
        lock (account.Lock) ids = account.Opportunities.Select(o => o.Id).ToList();
        return ids.Select(id => Stored(accountId, id)!).ToList();
    }

    /// <summary>A webhook as a Super Admin adds it in Lever's settings; returns the signature token Lever shows for it.</summary>
    public string AddWebhook(string accountId, string eventName, Uri url) => _webhooks.Add(_store.Account(accountId), eventName, url.ToString()).SignatureToken;

    /// <summary>The signed deliveries the account has queued, oldest first.</summary>
    public IReadOnlyList<LeverSentWebhook> SentWebhooks(string accountId)
    {
        var account = _store.Account(accountId);
        lock (account.Lock) return account.Sent.ToList();
    }

    private static void Move(LeverSandboxOpportunity o, string stageId, long now)
    {
        o.StageId = stageId;
        o.StageChanges.Add((stageId, LeverSandboxCatalogue.StageIndex(stageId), o.OwnerId, now));
        o.UpdatedAt = o.LastAdvancedAt = now;
    }

    private static object Archive(LeverSandboxOpportunity o, string reasonText, long now)
    {
        var reason = LeverSandboxCatalogue.ArchiveReasons.First(r => r.Text == reasonText);
        o.ArchiveReasonId = reason.Id;
        o.ArchivedAt = now;
        o.UpdatedAt = now;
        return new
        {
            opportunityId = o.Id, candidateId = o.Id, contactId = o.ContactId,
            fromArchived = (object?)null, toArchived = new { archivedAt = now, reason = reason.Id },
        };
    }
}

public sealed record LeverStoredOpportunity(
    string Id, string ContactId, string Name, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, IReadOnlyList<string> Links,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Sources, string Origin, string? PostingId, string? ApplicationId, string Stage,
    string? ArchiveReason, string OwnerId, IReadOnlyList<LeverStoredFile> Files, IReadOnlyList<string> Notes);

public sealed record LeverStoredFile(string Kind, string Name, string ContentType, long Size, string Sha256);
