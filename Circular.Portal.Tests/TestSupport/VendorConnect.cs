using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// Connects a vendor for a company of any portal (in-process or a restarted one) through the real lifecycle, against a
/// Sandbox on its own port, and waits for the first sync. Token vendors get a fresh Sandbox account with
/// <c>jobCount</c> jobs; Lever and Greenhouse go through the Sandbox consent page (approved).
/// </summary>
public static class VendorConnect
{
    public static AsyncServiceScope ScopeFor(this PortalFactory portal, int companyId)
    {
        var scope = portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
        return scope;
    }

    public static async Task<(int ConnectionId, string AccountId)> ConnectToAccountAsync(this PortalFactory portal, SandboxHost sandbox, Uri baseUrl,
        int companyId, AtsKind kind, int jobCount = 30)
    {
        switch (kind)
        {
            case AtsKind.Workable:
                var workable = sandbox.Emulator<Circular.Portal.Sandbox.Workable.WorkableEmulator>().AddAccount($"Company {companyId}", jobCount);
                return (await portal.ConnectWithTokenAsync(baseUrl, companyId, kind, workable.Subdomain, workable.ApiToken), workable.Subdomain);
            case AtsKind.Teamtailor:
                var teamtailor = sandbox.Emulator<Circular.Portal.Sandbox.Teamtailor.TeamtailorEmulator>().AddAccount($"Company {companyId}", jobCount);
                return (await portal.ConnectWithTokenAsync(baseUrl, companyId, kind, teamtailor.Region, teamtailor.AdminKey), teamtailor.Id);
            case AtsKind.Recruitee:
                var recruitee = sandbox.Emulator<Circular.Portal.Sandbox.Recruitee.RecruiteeEmulator>().AddAccount($"Company {companyId}", jobCount);
                return (await portal.ConnectWithTokenAsync(baseUrl, companyId, kind, recruitee.CompanyId, recruitee.ApiToken), recruitee.CompanyId);
            default:
                var connectionId = await portal.ConnectWithOAuthAsync(baseUrl, companyId, kind);
                // The consent page granted one of the vendor's accounts: the one that holds the jobs sync saw.
                var emulator = sandbox.Emulators.Single(e => e.Vendor == kind.ToString().ToLowerInvariant());
                var seen = await portal.QueryAsync(db => db.AtsJobs.Where(j => j.ConnectionId == connectionId).Select(j => j.ExternalId).ToListAsync());
                return (connectionId, emulator.Accounts.First(a => emulator.Jobs(a.Id).Select(j => j.Id).Intersect(seen).Count() == seen.Count).Id);
        }
    }

    /// <summary>
    /// Connects Lever or Greenhouse through the Sandbox consent page (approved) and waits for the first sync; returns the
    /// connection id. <paramref name="choices"/> picks the account (Lever: <c>login</c> "account|user"); the page's first
    /// account, the vendor's demo account, without them.
    /// </summary>
    public static async Task<int> ConnectWithOAuthAsync(this PortalFactory portal, Uri baseUrl, int companyId, AtsKind kind, IReadOnlyDictionary<string, string>? choices = null)
    {
        await using var scope = portal.ScopeFor(companyId);
        var flow = scope.ServiceProvider.GetRequiredService<OAuthFlow>();
        const string user = "test-admin";
        var authorize = await flow.BeginAsync(kind, kind == AtsKind.Lever ? "production" : null, user, baseUrl, default);
        var (code, state, error) = await ConsentDriver.DecideAsync(authorize, approve: true, choices);
        var (_, outcome) = await flow.CompleteAsync(state, code, error, user, baseUrl, default);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        await portal.WaitForConnectionAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);
        return outcome.ConnectionId.Value;
    }

    public static async Task<int> ConnectWithTokenAsync(this PortalFactory portal, Uri baseUrl, int companyId, AtsKind kind, string account, string token)
    {
        await using var scope = portal.ScopeFor(companyId);
        var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
            .ConnectWithTokenAsync(new TokenConnectRequest(kind, account, token), baseUrl, default);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Message);
        await portal.WaitForConnectionAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);
        return outcome.ConnectionId.Value;
    }

    public static async Task<AtsConnection> WaitForConnectionAsync(this PortalFactory portal, int connectionId, ConnectionState state, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var connection = await portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
            if (connection.State == state) return connection;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Connection {connectionId} is {connection.State}, not {state}: {connection.LastError}");
            await Task.Delay(100);
        }
    }
}
