using System.Globalization;
using System.Text;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>
/// Recruitee's ATS API below /sandbox/recruitee: <c>/c/{company_id}/…</c> with a personal API token as Bearer, offers,
/// candidates with remote_cv_url, notes, placements and stages, webhooks an admin configures by hand (signed with
/// X-Recruitee-Signature). One demo company with 60 offers is there from the start.
/// </summary>
public sealed class RecruiteeEmulator : ISandboxEmulator, ISandboxWebhookSettings
{
    public const string DemoCompanyName = "Northwind Labs";
    public const string DemoSubdomain = "northwind-demo";
    public const string DemoToken = "rt-demo-northwind-2f8c1e9a";

    private readonly RecruiteeSandboxStore _store = new();
    private readonly RecruiteeSandboxGate _gate;
    private readonly RecruiteeSandboxPipeline _pipeline;
    private readonly SandboxWebhookSender _sender;

    public RecruiteeEmulator(SandboxRateLimiter limiter, SandboxWebhookSender sender, TimeProvider clock, SandboxCvFetcher cvs)
    {
        _store.Cvs = cvs;
        _sender = sender;
        _gate = new RecruiteeSandboxGate(_store, limiter);
        _pipeline = new RecruiteeSandboxPipeline(_store, sender, clock);
        _store.Add(RecruiteeSandboxSeed.Create(_store, DemoCompanyName, DemoSubdomain, DemoToken, 60, _pipeline.Now));
    }

    public string Vendor => "recruitee";

    public string DisplayName => "Recruitee";

    public void MapEndpoints(IEndpointRouteBuilder vendorRoot)
    {
        RecruiteeOfferEndpoints.Map(vendorRoot, _gate);
        RecruiteeCandidateEndpoints.Map(vendorRoot, _gate, _store, _pipeline);
        RecruiteeSearchEndpoints.Map(vendorRoot, _gate);
        RecruiteePlacementEndpoints.Map(vendorRoot, _gate, _store, _pipeline);
    }

    public IReadOnlyDictionary<string, string?> ProviderConfiguration(Uri sandboxRoot) =>
        new Dictionary<string, string?> { ["Ats:Recruitee:ApiBaseUrl"] = new Uri(sandboxRoot, "recruitee/").ToString() };

    public IReadOnlyList<SandboxAccountView> Accounts => _store.All
        .Select(c => new SandboxAccountView(Id(c), c.Name,
            $"Company id {c.Id} (or subdomain {c.Subdomain}); personal API token {c.ApiToken} (a jobs-only user's token: {c.JobsOnlyToken})"))
        .ToList();

    public IReadOnlyList<SandboxJobView> Jobs(string accountId)
    {
        var company = Company(accountId);
        lock (company.Sync)
        {
            // Talent pools are offers at Recruitee but not jobs: the console and tests see jobs only.
            return company.Offers.Where(o => o.Kind == "job").Select(o => new SandboxJobView(Id(o.Id), o.Title, o.Status, o.Location, o.Department)).ToList();
        }
    }

    public IReadOnlyList<SandboxCandidateView> Candidates(string accountId)
    {
        var company = Company(accountId);
        lock (company.Sync)
        {
            return company.Candidates.Values.Select(c => RecruiteeSandboxViews.Candidate(company, c)).ToList();
        }
    }

    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, CancellationToken ct) =>
        ActAsync(accountId, candidateId, action, reason: null, ct);

    /// <summary>Acts on the candidate's newest open placement; <paramref name="reason"/> names a disqualify reason (default: the first).</summary>
    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, string? reason, CancellationToken ct)
    {
        var company = Company(accountId);
        RecruiteeWebhookDraft? draft;
        string outcome;
        lock (company.Sync)
        {
            if (!long.TryParse(candidateId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                || !company.Candidates.TryGetValue(id, out var candidate) || candidate.Placements.Count == 0)
            {
                throw new ArgumentException($"Candidate {candidateId} has no job in company {accountId}.", nameof(candidateId));
            }
            var placement = candidate.Placements.OrderByDescending(p => p.CreatedAt)
                .FirstOrDefault(p => p.DisqualifiedAt is null && p.HiredAt is null) ?? candidate.Placements[^1];
            switch (action)
            {
                case SandboxRecruiterAction.Reject:
                    var chosen = company.DisqualifyReasons.FirstOrDefault(r => r.Name.Equals(reason, StringComparison.OrdinalIgnoreCase))
                        ?? AddReason(company, reason) ?? company.DisqualifyReasons[0];
                    draft = _pipeline.Disqualify(company, placement, chosen);
                    outcome = $"Disqualified: {chosen.Name}";
                    break;
                case SandboxRecruiterAction.Hire:
                    draft = _pipeline.Hire(company, placement);
                    outcome = "Hired";
                    break;
                default:
                    draft = _pipeline.Advance(company, placement);
                    outcome = $"Moved to {company.Stage(placement.StageId).Name}";
                    break;
            }
        }
        _pipeline.Send(draft);
        return Task.FromResult(outcome);
    }

    public SandboxFaults Faults(string accountId) => Company(accountId).Faults;

    /// <summary>An isolated company with <paramref name="jobCount"/> generated offers, for a test or a demo.</summary>
    public RecruiteeSandboxAccount AddAccount(string name, int jobCount)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var slug = new string(name.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()).Trim('-');
        var company = RecruiteeSandboxSeed.Create(_store, name, $"{slug}-{suffix}", $"rt-sandbox-{Guid.NewGuid():N}", jobCount, _pipeline.Now);
        _store.Add(company);
        return new RecruiteeSandboxAccount(Id(company), company.Subdomain, company.ApiToken, company.JobsOnlyToken);
    }

    /// <summary>What an admin pastes in Settings → Apps and plugins → Webhooks: the URL and the secret to sign with.</summary>
    public void SetWebhook(string accountId, Uri url, string secret)
    {
        var company = Company(accountId);
        lock (company.Sync) company.Webhook = new RecruiteeWebhookSubscription(url, secret);
    }

    public bool AdminTypesSecret => true;

    public SandboxWebhookView? Webhook(string accountId)
    {
        var company = Company(accountId);
        lock (company.Sync) return company.Webhook is { } hook ? new SandboxWebhookView(hook.Url, hook.Secret) : null;
    }

    public SandboxWebhookView SaveWebhook(string accountId, Uri url, string? secret)
    {
        var key = SandboxWebhookView.RequireTyped(secret);
        SetWebhook(accountId, url, key);
        return new SandboxWebhookView(url, key);
    }

    public void ClearWebhook(string accountId)
    {
        var company = Company(accountId);
        lock (company.Sync) company.Webhook = null;
    }

    /// <summary>Recruitee's "Test" button: an unsigned <c>{"test":true}</c> that must get 200 for the webhook to be saved.</summary>
    public Task<int?> PingWebhookAsync(string accountId)
    {
        var hook = Company(accountId).Webhook ?? throw new InvalidOperationException("No webhook is configured for this company.");
        return _sender.DeliverAsync(Vendor, hook.Url, Encoding.UTF8.GetBytes("{\"test\":true}"),
            new Dictionary<string, string> { ["User-Agent"] = "Recruitee-Webhooks" });
    }

    /// <summary>Everything a push left on the candidate, exactly as received.</summary>
    public RecruiteeStoredCandidate? StoredCandidate(string accountId, string candidateId) =>
        StoredCandidates(accountId).FirstOrDefault(c => c.Id == candidateId);

    public IReadOnlyList<RecruiteeStoredCandidate> StoredCandidates(string accountId)
    {
        var company = Company(accountId);
        lock (company.Sync)
        {
            return company.Candidates.Values.Select(c => RecruiteeSandboxViews.Stored(company, c)).ToList();
        }
    }

    /// <summary>A recruiter edits an offer: its title changes and updated_at moves to now.</summary>
    public void EditOffer(string accountId, string offerId, string title) => ChangeJob(accountId, offerId, SandboxJobChange.Rename, title);

    /// <summary>
    /// Recruitee's offer <c>status</c>: closing sets "closed" and closed_at, reopening "published" (closed_at cleared); updated_at
    /// moves to now. A deleted offer's placements keep their offer_id.
    /// </summary>
    public void ChangeJob(string accountId, string jobId, SandboxJobChange change, string? newTitle = null)
    {
        var title = SandboxJobChanges.Title(change, newTitle);
        var company = Company(accountId);
        lock (company.Sync)
        {
            var offer = company.Offers.FirstOrDefault(o => Id(o.Id) == jobId) ?? throw SandboxJobChanges.NoJob(DisplayName, accountId, jobId);
            var now = _pipeline.Now;
            switch (change)
            {
                case SandboxJobChange.Rename:
                    offer.Title = title!;
                    break;
                case SandboxJobChange.Close:
                    offer.Status = "closed";
                    offer.ClosedAt = now;
                    break;
                case SandboxJobChange.Reopen:
                    offer.Status = "published";
                    offer.ClosedAt = null;
                    offer.PublishedAt ??= now;
                    break;
                default:
                    company.Offers.Remove(offer);
                    return;
            }
            offer.UpdatedAt = now;
        }
    }

    private RecruiteeCompanyState Company(string accountId) =>
        _store.Find(accountId) ?? throw new ArgumentException($"No Recruitee sandbox company {accountId}.", nameof(accountId));

    private RecruiteeReasonState? AddReason(RecruiteeCompanyState company, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        var added = new RecruiteeReasonState(_store.NextId(), reason.Trim(), company.DisqualifyReasons.Count);
        company.DisqualifyReasons.Add(added);
        return added;
    }

    private static string Id(RecruiteeCompanyState company) => Id(company.Id);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <param name="CompanyId">The numeric company id (the account id in the sandbox console).</param>
public sealed record RecruiteeSandboxAccount(string CompanyId, string Subdomain, string ApiToken, string JobsOnlyToken);
