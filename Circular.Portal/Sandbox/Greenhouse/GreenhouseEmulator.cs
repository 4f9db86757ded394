using System.Globalization;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>
/// Greenhouse Harvest v3 with partner OAuth, below /sandbox/greenhouse/: the auth host's paths (/authorize, /token,
/// /introspect, /revoke) and the API's (/v3/...) share the root. Webhooks are "configured in Dev Center" through
/// <see cref="ConfigureWebhook"/>, as Greenhouse has no API for them.
/// </summary>
public sealed class GreenhouseEmulator : ISandboxEmulator, ISandboxWebhookSettings
{
    /// <summary>A fixed, non-expiring token of the demo organization, for trying the API by hand.</summary>
    public const string DemoAccessToken = "gh-sandbox-demo-token";

    private readonly GreenhouseSandboxState _state;
    private readonly GreenhouseSandboxAccount _demo;

    public GreenhouseEmulator(TimeProvider clock, SandboxRateLimiter limiter, SandboxWebhookSender sender)
    {
        _state = new GreenhouseSandboxState(clock, limiter, sender);
        _demo = _state.Add("Acme Robotics BV", 64);
        _state.Auth.AddFixedAccessToken(DemoAccessToken, _state.FullGrant(_demo));
    }

    public string Vendor => "greenhouse";

    public string DisplayName => "Greenhouse";

    public void MapEndpoints(IEndpointRouteBuilder vendorRoot)
    {
        GreenhouseSandboxAuthEndpoints.Map(vendorRoot, _state);
        var harvest = new GreenhouseSandboxHarvest(_state);
        var v3 = vendorRoot.MapGroup("/v3");
        GreenhouseSandboxReads.Map(v3, harvest);
        GreenhouseSandboxWrites.Map(v3, harvest, _state);
    }

    public IReadOnlyDictionary<string, string?> ProviderConfiguration(Uri sandboxRoot)
    {
        var root = new Uri(sandboxRoot, "greenhouse/").ToString();
        return new Dictionary<string, string?>
        {
            ["Ats:Greenhouse:ApiBaseUrl"] = root,
            ["Ats:Greenhouse:AuthBaseUrl"] = root,
            ["Ats:Greenhouse:ClientId"] = GreenhouseSandboxAuth.ClientId,
            ["Ats:Greenhouse:ClientSecret"] = GreenhouseSandboxAuth.ClientSecret,
        };
    }

    public IReadOnlyList<SandboxAccountView> Accounts => _state.Accounts.Select(a => new SandboxAccountView(a.Id, a.Name,
        $"Connect with OAuth (client_id {GreenhouseSandboxAuth.ClientId}, client_secret {GreenhouseSandboxAuth.ClientSecret}) and approve as " +
        $"{a.DemoUser.Name} (Site Admin)." + (a == _demo ? $" Or call the API with \"Authorization: Bearer {DemoAccessToken}\"." : ""))).ToList();

    public IReadOnlyList<SandboxJobView> Jobs(string accountId)
    {
        var a = _state.Require(accountId);
        lock (a.Gate)
        {
            return a.Jobs.Values.OrderByDescending(j => j.Id).Select(j => new SandboxJobView(
                Id(j.Id), j.Name, j.Status, j.OfficeIds.Select(o => a.Offices.GetValueOrDefault(o)?.Location.Name).FirstOrDefault(),
                j.DepartmentId is { } d ? a.Departments.GetValueOrDefault(d)?.Name : null)).ToList();
        }
    }

    public IReadOnlyList<SandboxCandidateView> Candidates(string accountId) => StoredCandidates(accountId).Select(c =>
    {
        var app = c.Applications.LastOrDefault();
        var job = app is null ? null : Jobs(accountId).FirstOrDefault(j => j.Id == app.JobId)?.Title;
        var cv = app?.Attachments.LastOrDefault(t => t.Type == "resume");
        return new SandboxCandidateView(c.Id, $"{c.FirstName} {c.LastName}", c.Emails.FirstOrDefault(), job,
            app?.Stage ?? app?.Status ?? "", app?.Status ?? "", c.Tags, app?.Source,
            c.SocialMedia.FirstOrDefault(s => s.Contains("linkedin", StringComparison.OrdinalIgnoreCase)),
            cv is null ? null : cv.SourceUrl ?? cv.Filename, c.Notes.LastOrDefault());
    }).ToList();

    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, CancellationToken ct) =>
        ActAsync(accountId, candidateId, action, null, ct);

    /// <summary>The recruiter acts on the candidate's newest active application; a rejection uses the named reason, or the first one.</summary>
    public Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, string? rejectionReason, CancellationToken ct)
    {
        var a = _state.Require(accountId);
        lock (a.Gate)
        {
            var app = a.Applications.Values.Where(p => Id(p.CandidateId) == candidateId && p.Status == "in_process").MaxBy(p => p.Id);
            if (app is null) return Task.FromResult("The candidate has no active application.");
            var reason = a.RejectionReasons.Values.FirstOrDefault(r => r.Name.Equals(rejectionReason, StringComparison.OrdinalIgnoreCase));
            var problem = action switch
            {
                SandboxRecruiterAction.Advance => GreenhouseSandboxRecruiter.Advance(_state, a, app, null),
                SandboxRecruiterAction.Reject => GreenhouseSandboxRecruiter.Reject(_state, a, app, reason?.Id, null, a.DemoUser.Id),
                _ => GreenhouseSandboxRecruiter.Hire(_state, a, app),
            };
            return Task.FromResult(problem ?? $"{action} done for application {Id(app.Id)}.");
        }
    }

    public SandboxFaults Faults(string accountId) => _state.Require(accountId).Faults;

    /// <summary>An isolated organization with <paramref name="jobCount"/> generated jobs and a fresh token pair for its Site Admin.</summary>
    /// <param name="circularSource">False: the organization has no "Circular" candidate source yet, as a real one by default.</param>
    public GreenhouseSandboxCredentials AddAccount(string name, int jobCount, bool circularSource = true)
    {
        var a = _state.Add(name, jobCount, circularSource);
        var pair = _state.Auth.Issue(_state.FullGrant(a));
        return new GreenhouseSandboxCredentials(a.Id, pair.AccessToken, pair.RefreshToken, GreenhouseSandboxAuth.ClientId, GreenhouseSandboxAuth.ClientSecret);
    }

    /// <summary>What an admin pastes into Dev Center > Webhooks: the endpoint and its secret key. Greenhouse pings it on save.</summary>
    public void ConfigureWebhook(string accountId, Uri url, string secretKey)
    {
        var a = _state.Require(accountId);
        lock (a.Gate) a.Webhooks.Add((url, secretKey));
        GreenhouseSandboxWebhooks.Ping(_state, url, secretKey);
    }

    public bool AdminTypesSecret => true;

    public SandboxWebhookView? Webhook(string accountId)
    {
        var a = _state.Require(accountId);
        lock (a.Gate) return a.Webhooks.Count == 0 ? null : new SandboxWebhookView(a.Webhooks[^1].Url, a.Webhooks[^1].Secret);
    }

    /// <summary>Dev Center → Webhooks as one endpoint: saving replaces the earlier one, then Greenhouse pings it.</summary>
    public SandboxWebhookView SaveWebhook(string accountId, Uri url, string? secret)
    {
        var key = SandboxWebhookView.RequireTyped(secret);
        var a = _state.Require(accountId);
        lock (a.Gate) a.Webhooks.Clear();
        ConfigureWebhook(accountId, url, key);
        return new SandboxWebhookView(url, key);
    }

    /// <summary>Marks a job as edited now, so the updated_at filter picks it up.</summary>
    public void TouchJob(string accountId, string jobId)
    {
        var a = _state.Require(accountId);
        lock (a.Gate)
        {
            var id = long.Parse(jobId, CultureInfo.InvariantCulture);
            a.Jobs[id] = a.Jobs[id] with { UpdatedAt = _state.Now() };
        }
    }

    /// <summary>Greenhouse's job <c>status</c>: closing sets "closed" (and closed_at), reopening "open"; updated_at moves to now.</summary>
    public void ChangeJob(string accountId, string jobId, SandboxJobChange change, string? newTitle = null) =>
        GreenhouseSandboxJobs.Change(_state, accountId, jobId, change, newTitle);

    /// <summary>What an admin does under Configure → Custom Options → Sources: adds a candidate source by name.</summary>
    public void AddSource(string accountId, string name)
    {
        var a = _state.Require(accountId);
        lock (a.Gate)
        {
            var now = _state.Now();
            var source = new HvSource(GreenhouseSandboxAccount.NextId(), name, new HvSourceType(3, "Third-party boards"), now, now);
            a.Sources[source.Id] = source;
        }
    }

    /// <summary>Sources of the organization by name, as a recruiter sees them in Greenhouse.</summary>
    public IReadOnlyList<string> SourceNames(string accountId)
    {
        var a = _state.Require(accountId);
        lock (a.Gate) return a.Sources.Values.Select(s => s.Name).ToList();
    }

    /// <summary>A token pair for one of the organization's users who is not a Site Admin (Greenhouse refuses them every list).</summary>
    public GreenhouseSandboxCredentials AddNonAdminGrant(string accountId)
    {
        var a = _state.Require(accountId);
        var user = a.Users.First(u => !u.SiteAdmin);
        var pair = _state.Auth.Issue(_state.FullGrant(a) with { UserId = user.Id });
        return new GreenhouseSandboxCredentials(a.Id, pair.AccessToken, pair.RefreshToken, GreenhouseSandboxAuth.ClientId, GreenhouseSandboxAuth.ClientSecret);
    }

    /// <summary>Partner Support removed a scope: live tokens lose it at once.</summary>
    public void RemoveScope(string accountId, string scope)
    {
        var a = _state.Require(accountId);
        lock (a.Gate) a.RemovedScopes.Add(scope);
    }

    /// <summary>The docs disagree on the create-candidate response; false answers with a bare candidate.</summary>
    public bool WrapCreatedCandidate
    {
        get => _state.WrapCreatedCandidate;
        set => _state.WrapCreatedCandidate = value;
    }

    public IReadOnlyList<GreenhouseStoredCandidate> StoredCandidates(string accountId)
    {
        var a = _state.Require(accountId);
        lock (a.Gate) return a.Candidates.Values.OrderByDescending(c => c.Id).Select(c => GreenhouseSandboxStored.Of(a, c)).ToList();
    }

    private static string Id(long id) => GreenhouseSandboxStored.Id(id);
}
