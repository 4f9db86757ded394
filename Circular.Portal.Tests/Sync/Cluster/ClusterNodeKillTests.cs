using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>
/// A node killed (no graceful shutdown) while it sends a push: the other node takes the push over and finishes it, and the
/// ATS ends up with exactly one candidate.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterNodeKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Workable's push finds an earlier push by its marker before it creates, so a create whose node died before the commit is
    /// completed, not repeated. The Sandbox makes the create take effect and holds its answer; the node that claimed the push
    /// (its process id is the claim's owner) is killed right then.
    /// </summary>
    [PostgresFact]
    public async Task Killing_the_node_that_is_sending_a_push_lets_the_other_node_finish_it_with_one_candidate_in_the_sandbox()
    {
        var email = $"kill.{Guid.NewGuid().ToString("N")[..8]}@example.com";
        int applicationId = 0;
        string account = "", platformId = "";
        await using var cluster = await NodeProcesses.StartAsync(async (portal, sandbox) =>
        {
            var (companyId, _) = await portal.CreateAsync("Node kill Co");
            (var connectionId, account) = await portal.ConnectToAccountAsync(sandbox, new Uri("http://localhost/"), companyId, AtsKind.Workable, 3);
            var (jobId, _) = await portal.MappedJobAsync(companyId, connectionId);
            applicationId = await portal.RequestedApplicationAsync(companyId, jobId, email);
            platformId = await portal.QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.PlatformApplicationId).SingleAsync());
        });
        foreach (var phase in cluster.Phases) output.WriteLine(phase);
        var held = cluster.Sandbox.Emulator<WorkableEmulator>().Faults(account).HoldNextWriteAnswer();

        // The platform reports the acceptance to node A; whichever node's worker claims the push sends it.
        using (var http = new HttpClient { BaseAddress = cluster.Nodes[0].BaseUrl })
        {
            using var accepted = await new PlatformClient(http).AnswerAsync(platformId, accepted: true);
            Assert.True(accepted.IsSuccessStatusCode, $"{accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        }
        await held.Reached.WaitAsync(Patience);
        // The vendor has the candidate; the claiming node waits for the answer.
        Assert.Single(cluster.Sandbox.SandboxCandidates(AtsKind.Workable, account, email));
        var inFlight = await cluster.Portal.PushOfAsync(applicationId);
        Assert.Equal(PushState.Sending, inFlight.State);
        var doomed = cluster.NodeOfClaim(inFlight.LockedBy!);
        var survivor = cluster.Nodes.Single(n => n != doomed);

        doomed.Kill();
        output.WriteLine($"Killed {cluster.NameOf(doomed)} while it sent the push");

        CandidatePush sent;
        try
        {
            sent = await cluster.Portal.WaitForPushAsync(applicationId, PushState.Sent, Patience);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{cluster.Output}", e);
        }
        Assert.StartsWith($"{survivor.ProcessId}:", sent.LockedBy);
        Assert.Equal(PushResultKind.FoundEarlierPush, sent.Result);
        Assert.Equal(2, sent.Attempts);
        var candidate = Assert.Single(cluster.Sandbox.SandboxCandidates(AtsKind.Workable, account, email));
        Assert.Contains(AtsCandidatePush.Tag, candidate.Tags);
        Assert.Equal(1, candidate.Cvs);
    }
}
