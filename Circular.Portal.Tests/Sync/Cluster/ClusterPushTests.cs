using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>Pushes worked by a cluster of two nodes (either may run the connection's worker) reach the ATS exactly once each.</summary>
public sealed class ClusterPushTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    [PostgresFact]
    public async Task Two_hundred_accepted_candidates_reach_the_sandbox_exactly_once_each_with_two_nodes_in_the_cluster()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Cluster push Co");
        var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Workable, 5);
        var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
        var emails = Enumerable.Range(0, 200).Select(i => $"cluster.{i}.{Guid.NewGuid().ToString("N")[..6]}@example.com").ToList();
        var applications = new List<int>();
        foreach (var email in emails) applications.Add(await fixture.RequestedApplicationAsync(companyId, jobId, email));

        foreach (var applicationId in applications) await fixture.AcceptAsync(companyId, applicationId);
        // Generous: on a loaded 2-core machine a push takes seconds end to end.
        var until = DateTime.UtcNow.AddMinutes(12);
        var sent = 0;
        while (DateTime.UtcNow < until)
        {
            sent = await fixture.Portal.QueryAsync(db => db.Set<CandidatePush>().CountAsync(p => applications.Contains(p.ApplicationId) && p.State == PushState.Sent));
            if (sent == applications.Count) break;
            await Task.Delay(500);
        }

        Assert.Equal(applications.Count, sent);
        Assert.All(emails, email => Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, account, email)));
    }
}
