using Xunit.Abstractions;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Lever;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>
/// Lever rotates refresh tokens and revokes the whole family when a used one is presented again, so two nodes refreshing
/// one connection at once would cut it off: the refresh is single-flight across nodes (a database lock, re-read inside).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTokenRefreshTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Within one connection Quartz runs one worker at a time across the cluster, so what really meets is the connection's
    /// worker (a push) on one node and the token keep-alive job on the other. Each node runs one job at a time, so while the
    /// first refresh is held at the Sandbox's token endpoint the other job can only run on the other node; the test waits
    /// until that node is queued behind the first one's database lock, then lets the vendor answer.
    /// </summary>
    [PostgresFact]
    public async Task Two_nodes_needing_a_fresh_lever_token_at_once_make_one_refresh_request_and_keep_the_token_issued_last()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var email = $"refresh.{Guid.NewGuid().ToString("N")[..8]}@example.com";
        int applicationId = 0, connectionId = 0;
        string account = "", platformId = "";
        await using var cluster = await NodeProcesses.StartAsync(async (portal, sandbox) =>
        {
            var (companyId, _) = await portal.CreateAsync("Refresh race Co");
            // A Lever account of the test's own, with a few postings (the demo account's 60 make the first sync slow).
            var own = sandbox.Emulator<LeverEmulator>().AddAccount("Refresh race Co", 3);
            account = own.AccountId;
            connectionId = await portal.ConnectWithOAuthAsync(new Uri("http://localhost/"), companyId, AtsKind.Lever,
                new Dictionary<string, string> { ["login"] = $"{own.AccountId}|{own.UserId}" });
            var (jobId, _) = await portal.MappedJobAsync(companyId, connectionId);
            applicationId = await portal.RequestedApplicationAsync(companyId, jobId, email);
            platformId = await portal.QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.PlatformApplicationId).SingleAsync());
            output.WriteLine($"{clock.Elapsed} arranged");
        }, new Dictionary<string, string?>
        {
            ["Quartz:MaxConcurrency"] = "1",
            ["Sync:TokenRefreshInterval"] = "00:00:02",
        });
        foreach (var phase in cluster.Phases) output.WriteLine(phase);
        output.WriteLine($"{clock.Elapsed} nodes up");
        var lever = cluster.Sandbox.Emulator<LeverEmulator>();
        var requestsBefore = lever.RefreshRequests;
        var held = lever.HoldNextRefresh();

        // The access token runs out, and a candidate accepts: the keep-alive job and the push's worker both need a new one.
        await cluster.Portal.QueryAsync(db => db.Connections.IgnoreQueryFilters().Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        using (var http = new HttpClient { BaseAddress = cluster.Nodes[1].BaseUrl })
        {
            using var accepted = await new PlatformClient(http).AnswerAsync(platformId, accepted: true);
            Assert.True(accepted.IsSuccessStatusCode, $"{accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }
        await held.Reached.WaitAsync(Patience);
        output.WriteLine($"{clock.Elapsed} hold reached");
        var (refreshing, waiting) = await BothNodesAtTheRefreshLockAsync(cluster, connectionId);
        Assert.NotEqual(refreshing, waiting);
        output.WriteLine($"{refreshing} refreshing, {waiting} waiting");

        output.WriteLine($"{clock.Elapsed} both at lock");
        held.Release();

        try
        {
            await cluster.Portal.WaitForPushAsync(applicationId, PushState.Sent, Patience);
            await WaitUntilAsync(async () => (await RefreshLockAsync(cluster, connectionId)).Count == 0, "the refresh lock to be free");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{cluster.Output}", e);
        }
        output.WriteLine($"{clock.Elapsed} done");
        Assert.Equal(1, lever.RefreshRequests - requestsBefore);
        var connection = await cluster.Portal.QueryAsync(db => db.Connections.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == connectionId));
        Assert.Equal(ConnectionState.Connected, connection.State);
        Assert.True(connection.AccessTokenExpiresAt > DateTimeOffset.UtcNow.AddMinutes(30), $"Token expiry {connection.AccessTokenExpiresAt} was not renewed.");
        var stored = cluster.Portal.Services.GetRequiredService<CredentialVault>().Unprotect(connection);
        Assert.Equal(lever.LastIssuedRefreshToken(account), stored?.RefreshToken);
        Assert.All(cluster.Nodes, n => Assert.DoesNotContain(n.Lines, l => l.Contains("Token refresh for connection", StringComparison.Ordinal)));
    }

    /// <summary>Waits until one node holds the connection's refresh lock and another waits for it; returns their names.</summary>
    private static async Task<(string Refreshing, string Waiting)> BothNodesAtTheRefreshLockAsync(NodeProcesses cluster, int connectionId)
    {
        List<(string Node, bool Granted)> sessions = [];
        try
        {
            await WaitUntilAsync(async () =>
            {
                sessions = await RefreshLockAsync(cluster, connectionId);
                return sessions.Any(s => s.Granted) && sessions.Any(s => !s.Granted);
            }, "one node holding the refresh lock and another waiting");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}: {string.Join(", ", sessions)}\n{cluster.Output}", e);
        }
        return (sessions.Single(s => s.Granted).Node, sessions.Single(s => !s.Granted).Node);
    }

    /// <summary>The sessions holding or waiting for the connection's token refresh lock, by node name.</summary>
    private static async Task<List<(string Node, bool Granted)>> RefreshLockAsync(NodeProcesses cluster, int connectionId) =>
        (await cluster.RowsAsync("""
            SELECT a.application_name, l.granted FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid::bigint = @space AND l.objid::bigint = @id
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, ("space", (long)NodeLocks.TokenRefreshSpace), ("id", (long)connectionId)))
            .Select(r => ((string)r[0]!, (bool)r[1]!)).ToList();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited {Patience.TotalSeconds:N0} s for {what}");
            await Task.Delay(100);
        }
    }
}
