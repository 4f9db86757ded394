using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>
/// Workable SPI v3 in memory: Bearer account tokens with scopes, the subdomain as the first path segment, Workable's
/// paging, filters, error bodies and 10-per-10-s limit, and signed candidate_moved / candidate_created webhooks.
/// </summary>
public sealed partial class WorkableEmulator : ISandboxEmulator
{
    public const string DemoSubdomain = "circular-demo";
    public const string DemoToken = "wk_demo_full_4f9a27c1e85b4d06";
    public const string DemoReadOnlyToken = "wk_demo_readonly_7b21e0c4d9a3";

    private readonly WorkableSandboxStore _store;
    private readonly WorkableSandboxApi _api;
    private int _added;

    public WorkableEmulator(SandboxRateLimiter limiter, SandboxWebhookSender webhooks, TimeProvider clock)
    {
        _store = new WorkableSandboxStore(clock, webhooks);
        _api = new WorkableSandboxApi(_store, limiter);
        var demo = _store.Create(DemoSubdomain, "Circular Demo Co", 60, new Dictionary<string, IReadOnlyList<string>>
        {
            [DemoToken] = WorkableScopes.All,
            [DemoReadOnlyToken] = [WorkableScopes.ReadJobs],
        });
        WorkableSandboxSeed.AddDemoCandidates(demo);
    }

    public string Vendor => "workable";

    public string DisplayName => "Workable";

    public void MapEndpoints(IEndpointRouteBuilder vendorRoot) => _api.Map(vendorRoot);

    /// <summary>The subdomain that is the host at Workable becomes the first path segment below the sandbox.</summary>
    public IReadOnlyDictionary<string, string?> ProviderConfiguration(Uri sandboxRoot) => new Dictionary<string, string?>
    {
        ["Ats:Workable:ApiBaseUrl"] = sandboxRoot.AbsoluteUri.TrimEnd('/') + "/" + Vendor + "/{subdomain}/spi/v3",
    };

    public IReadOnlyList<SandboxAccountView> Accounts =>
        _store.Accounts.Select(a => new SandboxAccountView(a.Subdomain, a.Name, Credentials(a))).ToList();

    private static string Credentials(WorkableAccountState account)
    {
        var tokens = account.Tokens.Select(t => $"API access token {t.Key} (scopes: {string.Join(", ", t.Value.Order())})");
        return $"Subdomain: {account.Subdomain}; " + string.Join("; ", tokens);
    }

    public IReadOnlyList<SandboxJobView> Jobs(string accountId)
    {
        var account = _store.Get(accountId);
        lock (account)
        {
            return account.Jobs.Select(j => new SandboxJobView(
                j.Shortcode, j.Title, j.State, string.Join(", ", new[] { j.City, j.Country }.Where(p => p is not null)), j.Department)).ToList();
        }
    }

    public IReadOnlyList<SandboxCandidateView> Candidates(string accountId)
    {
        var account = _store.Get(accountId);
        lock (account)
        {
            return account.Candidates.Select(WorkableSandboxProjection.View).ToList();
        }
    }

    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, CancellationToken ct) =>
        ActAsync(accountId, candidateId, action, reason: null, withdrew: false, ct);

    /// <summary>As the console's action, with the disqualification reason and whether the candidate withdrew.</summary>
    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, string? reason, bool withdrew, CancellationToken ct) =>
        Task.FromResult(_store.Apply(_store.Get(accountId), candidateId, action, reason, withdrew));

    public SandboxFaults Faults(string accountId) => _store.Get(accountId).Faults;

    /// <summary>An isolated account with <paramref name="jobCount"/> generated jobs and one token; all scopes unless given.</summary>
    public WorkableSandboxAccount AddAccount(string name, int jobCount, params string[] scopes)
    {
        var slug = NotSubdomain().Replace(name.ToLowerInvariant(), "-").Trim('-');
        var subdomain = $"{(slug.Length == 0 ? "account" : slug[..Math.Min(slug.Length, 40)].TrimEnd('-'))}-{Interlocked.Increment(ref _added)}";
        var token = "wk_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _store.Create(subdomain, name, jobCount, new Dictionary<string, IReadOnlyList<string>>
        {
            [token] = scopes.Length == 0 ? WorkableScopes.All : scopes,
        });
        return new WorkableSandboxAccount(subdomain, token);
    }

    /// <summary>What a push stored, as Workable would keep it.</summary>
    public IReadOnlyList<WorkableStoredCandidate> StoredCandidates(string accountId)
    {
        var account = _store.Get(accountId);
        lock (account)
        {
            return account.Candidates.Select(c => new WorkableStoredCandidate(
                c.Id, c.Job.Shortcode, c.Firstname, c.Lastname, c.Email, c.Phone, c.Domain, c.Sourced, c.Tags.ToList(),
                c.SocialProfiles.GroupBy(p => p.Type).ToDictionary(g => g.Key, g => g.First().Url), c.CoverLetter, c.ResumeUrlReceived, c.ResumeFileName,
                c.ResumeData, WorkablePipeline.Stage(c.StageSlug).Slug, c.Disqualified, c.DisqualificationReason, c.HiredAt)).ToList();
        }
    }

    /// <summary>Whether a 429 carries Retry-After besides X-Rate-Limit-Reset (the docs promise only the latter).</summary>
    public void SendRetryAfter(string accountId, bool send) => _store.Get(accountId).SendsRetryAfter = send;

    /// <summary>The account's recent API requests, oldest first, as "GET /spi/v3/jobs?limit=…".</summary>
    public IReadOnlyList<string> Requests(string accountId) => _store.Get(accountId).Requests.ToList();

    /// <summary>A recruiter edits a job: its title changes and updated_at becomes now.</summary>
    public void UpdateJob(string accountId, string shortcode, string title) => ChangeJob(accountId, shortcode, SandboxJobChange.Rename, title);

    /// <summary>
    /// Workable's job <c>state</c>: closing a job archives it ("archived"; Workable's "closed" means used internally or
    /// confidentially, and still takes candidates), reopening sets "published"; both, and a rename, move updated_at to now.
    /// </summary>
    public void ChangeJob(string accountId, string jobId, SandboxJobChange change, string? newTitle = null)
    {
        var title = SandboxJobChanges.Title(change, newTitle);
        var account = _store.Get(accountId);
        lock (account)
        {
            var job = account.Jobs.FirstOrDefault(j => j.Shortcode == jobId) ?? throw SandboxJobChanges.NoJob(DisplayName, accountId, jobId);
            switch (change)
            {
                case SandboxJobChange.Rename: job.Title = title!; break;
                case SandboxJobChange.Close: job.State = "archived"; break;
                case SandboxJobChange.Reopen: job.State = "published"; break;
                default: account.Jobs.Remove(job); return;
            }
            job.UpdatedAt = _store.Clock.GetUtcNow();
        }
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSubdomain();
}

public sealed record WorkableSandboxAccount(string Subdomain, string ApiToken);

public sealed record WorkableStoredCandidate(
    string Id,
    string JobShortcode,
    string Firstname,
    string Lastname,
    string Email,
    string? Phone,
    string? Domain,
    bool Sourced,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> SocialProfiles,
    string? CoverLetter,
    string? ResumeUrl,
    string? ResumeFileName,
    byte[]? ResumeData,
    string Stage,
    bool Disqualified,
    string? DisqualificationReason,
    DateTimeOffset? HiredAt);
