using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// The whole cast for connection, sync and mapping journeys: the ATS Sandbox on its own port (so it outlives a portal
/// restart), a real SMTP listener, the portal on Kestrel pointed at both, and one Chromium.
/// </summary>
public class IntegrationFixture : BrowserFixture
{
    public SandboxHost Sandbox { get; private set; } = null!;
    public SmtpSink Smtp { get; private set; } = null!;

    private int _port;

    protected override int KestrelPort => _port;

    protected override async Task<IDictionary<string, string?>> PortalSettingsAsync()
    {
        Sandbox = await SandboxHost.StartAsync();
        Smtp = new SmtpSink();
        // The public address is the portal's own, so the Sandbox's Teamtailor and Recruitee can fetch CV links as the vendors do.
        _port = PortalProcess.FreePort();
        var settings = new Dictionary<string, string?>(Sandbox.ProviderConfiguration())
        {
            ["Sandbox:Enabled"] = "false",
            ["Portal:PublicUrl"] = $"http://127.0.0.1:{_port}/",
        };
        foreach (var (key, value) in Smtp.Settings()) settings[key] = value;
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    public T Emulator<T>() where T : ISandboxEmulator => Sandbox.Emulator<T>();

    /// <summary>A scope acting for the named demo company, as its admin's circuit would.</summary>
    public async Task<AsyncServiceScope> ScopeForAsync(string company) => ScopeFor(await Portal.CompanyIdAsync(company));

    public AsyncServiceScope ScopeFor(int companyId) => Portal.ScopeFor(companyId);

    /// <summary>Connects a token vendor for a demo company through the real lifecycle and waits for the first sync.</summary>
    public async Task<int> ConnectWithTokenAsync(string company, AtsKind kind, string account, string token)
    {
        return await ConnectWithTokenAsync(await Portal.CompanyIdAsync(company), kind, account, token);
    }

    public Task<int> ConnectWithTokenAsync(int companyId, AtsKind kind, string account, string token) =>
        Portal.ConnectWithTokenAsync(BaseUrl, companyId, kind, account, token);

    /// <summary>
    /// Connects any vendor for a company through the real lifecycle and waits for the first sync. Token vendors get a
    /// fresh Sandbox account of their own with <paramref name="jobCount"/> jobs; Lever and Greenhouse go through the
    /// Sandbox consent page (approved), which grants the vendor's demo account.
    /// </summary>
    public async Task<int> ConnectAsync(int companyId, AtsKind kind, int jobCount = 30) =>
        (await ConnectToAccountAsync(companyId, kind, jobCount)).ConnectionId;

    /// <summary>As <see cref="ConnectAsync"/>, also naming the Sandbox account (for <c>ISandboxEmulator</c> calls).</summary>
    public Task<(int ConnectionId, string AccountId)> ConnectToAccountAsync(int companyId, AtsKind kind, int jobCount = 30) =>
        Portal.ConnectToAccountAsync(Sandbox, BaseUrl, companyId, kind, jobCount);

    /// <summary>
    /// Connects Lever or Greenhouse through the real OAuth flow (the Sandbox consent page, approved) and waits for the first
    /// sync. <paramref name="choices"/> picks the account on the consent page (Lever: <c>login</c>, Greenhouse: <c>account_id</c>);
    /// without them the page's first account, the vendor's demo account, is granted.
    /// </summary>
    public async Task<AtsConnection> ConnectWithOAuthAsync(int companyId, AtsKind kind, IReadOnlyDictionary<string, string>? choices = null)
    {
        await using var scope = ScopeFor(companyId);
        var flow = scope.ServiceProvider.GetRequiredService<OAuthFlow>();
        const string user = "test-admin";
        var authorize = await flow.BeginAsync(kind, kind == AtsKind.Lever ? "production" : null, user, BaseUrl, default);
        var (code, state, error) = await ConsentDriver.DecideAsync(authorize, approve: true, choices);
        var (_, outcome) = await flow.CompleteAsync(state, code, error, user, BaseUrl, default);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        return await WaitForStateAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);
    }

    /// <summary>
    /// Runs the connection's recurring job sync now, as Quartz would. <paramref name="full"/> forces a full listing
    /// (otherwise the sync decides: incremental unless the last full listing is old).
    /// </summary>
    public async Task SyncNowAsync(int connectionId, bool full = false)
    {
        if (full)
        {
            await Portal.QueryAsync(db => db.Connections.IgnoreQueryFilters().Where(c => c.Id == connectionId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.LastFullSyncAt, (DateTimeOffset?)null)));
        }
        await using var scope = Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("test sync");
        await scope.ServiceProvider.GetRequiredService<global::Circular.Portal.Sync.SyncConnectionJob>().RunAsync(connectionId, first: false, default);
    }

    /// <summary>The company's newest notification with this title, waiting for it: sync tells the admins just after it saves the state.</summary>
    public async Task<global::Circular.Portal.Notifications.Notification> WaitForNotificationAsync(int companyId, string title, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = await Portal.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.CompanyId == companyId && n.Title == title)
                .OrderByDescending(n => n.Id).FirstOrDefaultAsync());
            if (found is not null) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException($"No notification \"{title}\" for company {companyId}");
            await Task.Delay(100);
        }
    }

    public Task<AtsConnection> WaitForStateAsync(int connectionId, ConnectionState state, TimeSpan? timeout = null) =>
        Portal.WaitForConnectionAsync(connectionId, state, timeout);
}
