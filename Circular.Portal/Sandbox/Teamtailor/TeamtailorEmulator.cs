using System.Collections.Concurrent;
using System.Globalization;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>
/// Teamtailor's public API (JSON:API, "Authorization: Token token=…", X-Api-Version) for in-memory accounts, one path
/// per region: /sandbox/teamtailor/eu/v1 stands for api.teamtailor.com/v1 and /sandbox/teamtailor/na/v1 for
/// api.na.teamtailor.com/v1. Webhooks are configured by hand, as in Teamtailor's UI (<see cref="ConfigureWebhook"/>).
/// </summary>
public sealed class TeamtailorEmulator : ISandboxEmulator, ISandboxWebhookSettings
{
    public const string DemoAdminKey = "tt_demo_admin_rw_7f3e9c2a51";
    public const string DemoReadOnlyKey = "tt_demo_admin_read_4b8d0e6f12";
    public const string DemoPublicKey = "tt_demo_public_rw_9a1c5e7d33";
    public const string DemoNaAdminKey = "tt_demo_na_admin_rw_2c6f8a0b44";
    public const string ApiVersion = "20240904";

    private readonly ConcurrentDictionary<string, TtAccount> _accounts = new();
    private readonly SandboxWebhookSender _webhooks;
    private long _nextJob = 41200, _nextCandidate = 900100, _nextApplication = 55500, _nextStage = 7000, _nextAccount;

    public TeamtailorEmulator(SandboxRateLimiter limiter, SandboxWebhookSender webhooks, TimeProvider clock, SandboxCvFetcher cvs)
    {
        Cvs = cvs;
        Limiter = limiter;
        Clock = clock;
        _webhooks = webhooks;
        AddAccount("Nordlys Studios AB", 60, "eu", DemoAdminKey, DemoReadOnlyKey, DemoPublicKey);
        AddAccount("Cascade Outfitters Inc.", 12, "na", DemoNaAdminKey, "tt_demo_na_admin_read_5d7e9f1a66", "tt_demo_na_public_rw_8b0c2d4e77");
    }

    public string Vendor => "teamtailor";
    public string DisplayName => "Teamtailor";

    internal SandboxRateLimiter Limiter { get; }
    internal TimeProvider Clock { get; }

    /// <summary>Downloads resume links as Teamtailor does after a create.</summary>
    internal SandboxCvFetcher Cvs { get; }

    public void MapEndpoints(IEndpointRouteBuilder vendorRoot)
    {
        TeamtailorSandboxReads.Map(vendorRoot, this);
        TeamtailorSandboxWrites.Map(vendorRoot, this);
        TeamtailorSandboxVocabulary.Map(vendorRoot, this);
    }

    public IReadOnlyDictionary<string, string?> ProviderConfiguration(Uri sandboxRoot) => new Dictionary<string, string?>
    {
        ["Ats:Teamtailor:EuBaseUrl"] = new Uri(sandboxRoot, "teamtailor/eu/v1").ToString(),
        ["Ats:Teamtailor:NaBaseUrl"] = new Uri(sandboxRoot, "teamtailor/na/v1").ToString(),
    };

    public IReadOnlyList<SandboxAccountView> Accounts => _accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal)
        .Select(a => new SandboxAccountView(a.Id, a.Name, Describe(a))).ToList();

    public IReadOnlyList<SandboxJobView> Jobs(string accountId)
    {
        var account = Account(accountId);
        lock (account.Sync)
        {
            return account.Jobs.Select(j => new SandboxJobView(j.Id, j.Title, j.HumanStatus, $"{j.City}, {j.Country}", j.Department)).ToList();
        }
    }

    public IReadOnlyList<SandboxCandidateView> Candidates(string accountId)
    {
        var account = Account(accountId);
        lock (account.Sync)
        {
            return account.Candidates.Select(c =>
            {
                var application = account.Applications.Where(a => a.CandidateId == c.Id).MaxBy(a => a.CreatedAt);
                var stage = application is null ? null : account.Stages.First(s => s.Id == application.StageId);
                var status = application?.RejectedAt is not null ? "Rejected" : stage?.StageType == "Hired" ? "Hired" : "Active";
                return new SandboxCandidateView(c.Id, $"{c.FirstName} {c.LastName}".Trim(), c.Email,
                    application is null ? null : account.Jobs.FirstOrDefault(j => j.Id == application.JobId)?.Title ?? "(deleted job)",
                    stage?.Name ?? "-", status, c.Tags.ToList(), c.ReferringSite ?? (c.Sourced ? "Sourced" : null), c.LinkedInUrl, c.Resume, application?.CoverLetter)
                {
                    CvCount = c.ResumeDownload?.Succeeded == true ? 1 : 0,
                };
            }).ToList();
        }
    }

    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, CancellationToken ct)
    {
        var account = Account(accountId);
        var (message, webhook) = TeamtailorSandboxRecruiter.Act(account, candidateId, action, Clock.GetUtcNow());
        if (webhook is { } w && account.Webhook is { } subscription)
        {
            _webhooks.Send(Vendor, subscription.Url, w.Body, w.Headers);
        }
        return Task.FromResult(message);
    }

    public SandboxFaults Faults(string accountId) => Account(accountId).Faults;

    /// <summary>The calls the account received, as "METHOD /path?query" (the last 200).</summary>
    public IReadOnlyList<string> Requests(string accountId) => Account(accountId).Requests.ToList();

    /// <summary>Plays an API version that answers the undocumented filter[status]=all with 400.</summary>
    public void RefuseStatusAll(string accountId, bool refuse = true) => Account(accountId).RefusesStatusAll = refuse;

    /// <summary>An isolated account for one test: its own keys (so its own rate-limit window) and <paramref name="jobCount"/> generated jobs.</summary>
    public TeamtailorSandboxAccount AddAccount(string name, int jobCount, string region = "eu") =>
        AddAccount(name, jobCount, region, Key("admin_rw"), Key("admin_read"), Key("public_rw"));

    /// <summary>What an admin pastes into Teamtailor's Settings → Integrations → Webhooks: the URL, and the signature key it shows.</summary>
    public void ConfigureWebhook(string accountId, Uri url, string signatureKey) =>
        Account(accountId).Webhook = new TeamtailorSandboxWebhook(url, signatureKey);

    public bool AdminTypesSecret => false;

    public SandboxWebhookView? Webhook(string accountId) =>
        Account(accountId).Webhook is { } hook ? new SandboxWebhookView(hook.Url, hook.SignatureKey) : null;

    /// <summary>Teamtailor makes the signature key when the webhook is saved and shows it for the administrator to copy.</summary>
    public SandboxWebhookView SaveWebhook(string accountId, Uri url, string? secret)
    {
        var key = Webhook(accountId)?.Key ?? SandboxWebhookView.NewKey();
        ConfigureWebhook(accountId, url, key);
        return new SandboxWebhookView(url, key);
    }

    /// <summary>Bumps a job's updated-at to now, as an edit in Teamtailor would.</summary>
    public void TouchJob(string accountId, string jobId)
    {
        var account = Account(accountId);
        lock (account.Sync)
        {
            account.Jobs.First(j => j.Id == jobId).UpdatedAt = Clock.GetUtcNow();
        }
    }

    /// <summary>
    /// Teamtailor's job <c>status</c>: closing archives the job ("archived"), reopening makes it "open" (human-status follows);
    /// updated-at moves to now. A deleted job's applications keep their job id.
    /// </summary>
    public void ChangeJob(string accountId, string jobId, SandboxJobChange change, string? newTitle = null)
    {
        var title = SandboxJobChanges.Title(change, newTitle);
        var account = Account(accountId);
        lock (account.Sync)
        {
            var job = account.Jobs.FirstOrDefault(j => j.Id == jobId) ?? throw SandboxJobChanges.NoJob(DisplayName, accountId, jobId);
            switch (change)
            {
                case SandboxJobChange.Rename: job.Title = title!; break;
                case SandboxJobChange.Close: job.Status = "archived"; break;
                case SandboxJobChange.Reopen: job.Status = "open"; break;
                default: account.Jobs.Remove(job); return;
            }
            job.UpdatedAt = Clock.GetUtcNow();
        }
    }

    /// <summary>Everything a push stored for the account, for tests to assert on.</summary>
    public IReadOnlyList<TeamtailorStoredCandidate> StoredCandidates(string accountId)
    {
        var account = Account(accountId);
        lock (account.Sync)
        {
            return account.Candidates.Select(c => new TeamtailorStoredCandidate(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.LinkedInUrl, c.Resume,
                c.Sourced, c.Tags.ToList(), c.MergeCount,
                account.Applications.Where(a => a.CandidateId == c.Id).Select(a => new TeamtailorStoredApplication(
                    a.Id, a.JobId, account.Stages.First(s => s.Id == a.StageId).Name, a.CoverLetter, a.Sourced, a.RejectedAt, a.RejectReason)).ToList()))
                .ToList();
        }
    }

    internal (TtAccount Account, TeamtailorSandboxKey Key)? FindKey(string region, string token)
    {
        if (token.Length == 0) return null;
        foreach (var account in _accounts.Values)
        {
            if (account.Region != region) continue;
            var key = account.Keys.FirstOrDefault(k => k.Value == token);
            if (key is not null) return (account, key);
        }
        return null;
    }

    internal string NextCandidateId() => Next(ref _nextCandidate);
    internal string NextApplicationId() => Next(ref _nextApplication);

    private TeamtailorSandboxAccount AddAccount(string name, int jobCount, string region, string admin, string readOnly, string publicKey)
    {
        var id = "tt-" + Interlocked.Increment(ref _nextAccount).ToString(CultureInfo.InvariantCulture);
        var account = new TtAccount(id, name, region, Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..11].Replace('/', 'x').Replace('+', 'z'));
        account.Keys.Add(new TeamtailorSandboxKey(admin, TeamtailorKeyScope.Admin, TeamtailorKeyPermission.ReadWrite));
        account.Keys.Add(new TeamtailorSandboxKey(readOnly, TeamtailorKeyScope.Admin, TeamtailorKeyPermission.Read));
        account.Keys.Add(new TeamtailorSandboxKey(publicKey, TeamtailorKeyScope.Public, TeamtailorKeyPermission.ReadWrite));
        account.Jobs.AddRange(TeamtailorSandboxSeed.Jobs(() => Next(ref _nextJob), jobCount, Clock.GetUtcNow()));
        account.Stages.AddRange(TeamtailorSandboxSeed.Stages(() => Next(ref _nextStage)));
        _accounts[id] = account;
        return new TeamtailorSandboxAccount(id, name, region, admin, readOnly, publicKey);
    }

    private TtAccount Account(string accountId) =>
        _accounts.TryGetValue(accountId, out var account) ? account : throw new KeyNotFoundException($"No Teamtailor sandbox account '{accountId}'.");

    private static string Next(ref long counter) => Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture);

    private static string Key(string kind) => $"tt_{kind}_{Guid.NewGuid():N}";

    private static string Describe(TtAccount a) =>
        $"Region: {a.Region.ToUpperInvariant()}. Admin read/write API key: {a.Keys[0].Value} (read-only key: {a.Keys[1].Value}; public key: {a.Keys[2].Value}). " +
        $"Send 'Authorization: Token token=<key>' and 'X-Api-Version: {ApiVersion}'. Webhooks: set up by hand (URL + signature key).";
}
