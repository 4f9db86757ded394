using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>Everything the Greenhouse emulator keeps: organizations, the OAuth server, and the shared sandbox services.</summary>
internal sealed class GreenhouseSandboxState(TimeProvider clock, SandboxRateLimiter limiter, SandboxWebhookSender sender)
{
    private readonly ConcurrentDictionary<string, GreenhouseSandboxAccount> _accounts = new();
    private long _lastOrganizationId = 7000;

    public TimeProvider Clock { get; } = clock;
    public SandboxRateLimiter Limiter { get; } = limiter;
    public SandboxWebhookSender Sender { get; } = sender;
    public GreenhouseSandboxAuth Auth { get; } = new(clock);

    /// <summary>Greenhouse keeps milliseconds; finer stamps would slip past a window that ends on the same millisecond.</summary>
    public DateTimeOffset Now()
    {
        var now = Clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>The docs disagree on the create-candidate response; the wrapped { candidate, application } form is the default.</summary>
    public bool WrapCreatedCandidate { get; set; } = true;

    public IEnumerable<GreenhouseSandboxAccount> Accounts => _accounts.Values.OrderBy(a => a.OrganizationId);

    public GreenhouseSandboxAccount? Account(string? id) => id is not null && _accounts.TryGetValue(id, out var a) ? a : null;

    public GreenhouseSandboxAccount Require(string id) =>
        Account(id) ?? throw new KeyNotFoundException($"No Greenhouse sandbox organization {id}.");

    /// <param name="circularSource">False plays a real new organization: Greenhouse has no source named "Circular" by default.</param>
    public GreenhouseSandboxAccount Add(string name, int jobCount, bool circularSource = true)
    {
        var orgId = Interlocked.Increment(ref _lastOrganizationId);
        var slug = new string(name.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
        var account = new GreenhouseSandboxAccount(orgId, name, slug.Length > 0 ? slug : $"org{orgId}");
        GreenhouseSandboxSeed.Populate(account, jobCount, Now());
        if (!circularSource)
        {
            foreach (var id in account.Sources.Values.Where(s => s.Name == "Circular").Select(s => s.Id).ToList()) account.Sources.Remove(id);
        }
        _accounts[account.Id] = account;
        return account;
    }

    public SandboxGrant FullGrant(GreenhouseSandboxAccount account) =>
        new(account.Id, account.DemoUser.Id, GreenhouseSandboxAuth.ClientId, [.. GreenhouseSandboxAuth.ClientScopes]);
}
