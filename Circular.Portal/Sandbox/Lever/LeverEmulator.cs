namespace Circular.Portal.Sandbox.Lever;

/// <summary>
/// Lever, emulated: two environments (production below /sandbox/lever/, sandbox below /sandbox/lever/env-sandbox/), each with
/// its own auth server (/auth/authorize, /auth/oauth/token, /auth/oauth/revoke) and Data API (/v1/...). Tokens of one
/// environment are refused by the other, as at Lever.
/// </summary>
public sealed partial class LeverEmulator : ISandboxEmulator
{
    public const string ProductionToken = "lever-demo-production-token";
    public const string SandboxToken = "lever-demo-sandbox-token";

    private readonly LeverSandboxStore _store;
    private readonly LeverSandboxAuth _auth;
    private readonly LeverSandboxApi _api;
    private readonly LeverSandboxOpportunities _opportunities;
    private readonly LeverSandboxWebhooks _webhooks;

    public LeverEmulator(TimeProvider clock, SandboxRateLimiter limiter, SandboxWebhookSender sender)
    {
        _store = new LeverSandboxStore(clock);
        var gate = new LeverSandboxGate(_store, limiter);
        _webhooks = new LeverSandboxWebhooks(_store, gate, sender);
        _auth = new LeverSandboxAuth(_store);
        _api = new LeverSandboxApi(gate);
        _opportunities = new LeverSandboxOpportunities(_store, gate, _webhooks);
        Seed("acme-robotics", "Acme Robotics", "production", 60, new Random(4711), ProductionToken);
        Seed("acme-robotics-sandbox", "Acme Robotics (Lever sandbox)", "sandbox", 12, new Random(4712), SandboxToken);
    }

    public string Vendor => "lever";

    public string DisplayName => "Lever";

    public void MapEndpoints(IEndpointRouteBuilder vendorRoot)
    {
        foreach (var (env, prefix) in new[] { ("production", ""), ("sandbox", "/env-sandbox") })
        {
            var root = prefix.Length == 0 ? vendorRoot : vendorRoot.MapGroup(prefix);
            _auth.Map(root.MapGroup("/auth"), env);
            var v1 = root.MapGroup("/v1");
            _api.Map(v1, env);
            _opportunities.Map(v1, env);
            _webhooks.Map(v1, env);
        }
    }

    public IReadOnlyDictionary<string, string?> ProviderConfiguration(Uri sandboxRoot)
    {
        var lever = new Uri(sandboxRoot, "lever/").ToString().TrimEnd('/');
        return new Dictionary<string, string?>
        {
            ["Ats:Lever:BaseUrl"] = lever + "/v1",
            ["Ats:Lever:SandboxBaseUrl"] = lever + "/env-sandbox/v1",
            ["Ats:Lever:AuthUrl"] = lever + "/auth",
            ["Ats:Lever:SandboxAuthUrl"] = lever + "/env-sandbox/auth",
            ["Ats:Lever:ClientId"] = LeverSandboxStore.ClientId,
            ["Ats:Lever:ClientSecret"] = LeverSandboxStore.ClientSecret,
        };
    }

    public IReadOnlyList<SandboxAccountView> Accounts => _store.Accounts.Values
        .OrderBy(a => a.Name)
        .Select(a => new SandboxAccountView(a.Id, a.Name, Credentials(a)))
        .ToList();

    public IReadOnlyList<SandboxJobView> Jobs(string accountId)
    {
        var account = _store.Account(accountId);
        lock (account.Lock)
        {
            return account.Postings.Select(p => new SandboxJobView(p.Id, p.Text, p.State, p.Location, p.Department)).ToList();
        }
    }

    public IReadOnlyList<SandboxCandidateView> Candidates(string accountId)
    {
        var account = _store.Account(accountId);
        lock (account.Lock)
        {
            return account.Opportunities.Select(o => new SandboxCandidateView(
                o.Id, o.Name, o.Emails.FirstOrDefault(), account.Postings.FirstOrDefault(p => p.Id == o.PostingId)?.Text,
                LeverSandboxCatalogue.StageText(o.StageId), Status(o), o.Tags.ToList(), o.Sources.FirstOrDefault(),
                o.Links.FirstOrDefault(l => l.Contains("linkedin.com", StringComparison.OrdinalIgnoreCase)),
                o.Files.FirstOrDefault(f => f.Kind == "resume")?.Name ?? o.Files.FirstOrDefault()?.Name,
                o.Notes.FirstOrDefault().Value) { CvCount = o.Files.Count }).ToList();
        }
    }

    public SandboxFaults Faults(string accountId) => _store.Account(accountId).Faults;

    /// <summary>Refresh-token grants asked of the token endpoints (both environments, valid or not).</summary>
    public int RefreshRequests => _store.Tokens.RefreshRequests;

    /// <summary>The refresh token most recently issued for the account: the only one of its family still usable.</summary>
    public string? LastIssuedRefreshToken(string accountId) => _store.Tokens.LastRefreshIssued(accountId);

    /// <summary>The next refresh request waits at the token endpoint until the returned hold is released.</summary>
    public SandboxHold HoldNextRefresh() => _store.Tokens.HoldNextRefresh();

    /// <summary>An isolated production (or sandbox) account with <paramref name="jobCount"/> postings, for one test.</summary>
    /// <param name="scopes">What its token was granted; all the portal asks for when null.</param>
    public LeverSandboxAccount AddAccount(string name, int jobCount, string environment = "production", IReadOnlyCollection<string>? scopes = null)
    {
        var id = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var account = Seed(id, name, environment, jobCount, new Random(), fixedToken: null);
        var granted = (scopes ?? LeverSandboxStore.AllScopes).ToHashSet(StringComparer.Ordinal);
        var (access, refresh, _) = _store.Tokens.Issue(id, environment, LeverSandboxStore.Audiences[environment], granted);
        return new LeverSandboxAccount(id, environment, access, refresh, account.Users[0].Id);
    }

    private LeverSandboxAccountState Seed(string id, string name, string environment, int jobCount, Random random, string? fixedToken)
    {
        var site = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        var account = new LeverSandboxAccountState(id, name, site, environment);
        LeverSandboxSeed.Populate(account, jobCount, random, _store.NowMs);
        _store.Accounts[id] = account;
        if (fixedToken is not null) _store.Tokens.AddFixed(fixedToken, id, environment, LeverSandboxStore.AllScopes);
        return account;
    }

    private static string Credentials(LeverSandboxAccountState a)
    {
        var token = a.Environment == "production" ? ProductionToken : SandboxToken;
        var direct = a.Id.StartsWith("acct-", StringComparison.Ordinal) ? "" : $" Or call the API with the header \"Authorization: Bearer {token}\".";
        var user = a.Users.FirstOrDefault();
        return $"Lever {a.Environment} account. Connect with OAuth (client id {LeverSandboxStore.ClientId}, secret {LeverSandboxStore.ClientSecret}) " +
               $"and sign in on the consent page as {user?.Name} ({user?.Email}).{direct} perform_as user id: {user?.Id}.";
    }

    private static string Status(LeverSandboxOpportunity o)
    {
        var reason = LeverSandboxCatalogue.Reason(o.ArchiveReasonId);
        if (o.ArchivedAt is null) return "Active";
        return reason?.Type == "hired" ? "Hired" : $"Archived: {reason?.Text ?? "no reason"}";
    }
}

/// <param name="RefreshToken">Null when the scopes lack offline_access.</param>
public sealed record LeverSandboxAccount(string AccountId, string Environment, string AccessToken, string? RefreshToken, string UserId);
