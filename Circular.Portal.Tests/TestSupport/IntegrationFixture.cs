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

    protected override async Task<IDictionary<string, string?>> PortalSettingsAsync()
    {
        Sandbox = await SandboxHost.StartAsync();
        Smtp = new SmtpSink();
        var settings = new Dictionary<string, string?>(Sandbox.ProviderConfiguration())
        {
            ["Sandbox:Enabled"] = "false",
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

    public AsyncServiceScope ScopeFor(int companyId)
    {
        var scope = Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
        return scope;
    }

    /// <summary>Connects a token vendor for a demo company through the real lifecycle and waits for the first sync.</summary>
    public async Task<int> ConnectWithTokenAsync(string company, AtsKind kind, string account, string token)
    {
        return await ConnectWithTokenAsync(await Portal.CompanyIdAsync(company), kind, account, token);
    }

    public async Task<int> ConnectWithTokenAsync(int companyId, AtsKind kind, string account, string token)
    {
        await using var scope = ScopeFor(companyId);
        var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
            .ConnectWithTokenAsync(new TokenConnectRequest(kind, account, token), BaseUrl, default);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        await WaitForStateAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);
        return outcome.ConnectionId.Value;
    }

    public async Task<AtsConnection> WaitForStateAsync(int connectionId, ConnectionState state, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var connection = await Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
            if (connection.State == state) return connection;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Connection {connectionId} is {connection.State}, not {state}: {connection.LastError}");
            await Task.Delay(100);
        }
    }
}
