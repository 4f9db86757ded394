using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>Pushes worked by a cluster of two nodes (either may run the connection's worker) reach the ATS exactly once each.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterPushTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    /// <summary>
    /// 200 candidates over three companies on three vendors, so the connections' workers can run on either node and no
    /// single vendor's rate limit sets the pace (one Workable account alone would need ten minutes for 200 pushes).
    /// </summary>
    [PostgresFact]
    public async Task Two_hundred_accepted_candidates_reach_the_sandbox_exactly_once_each_with_two_nodes_in_the_cluster()
    {
        var plan = new (AtsKind Kind, int Candidates)[] { (AtsKind.Lever, 70), (AtsKind.Recruitee, 70), (AtsKind.Teamtailor, 60) };
        var tenants = new List<(int CompanyId, AtsKind Kind, string Account, List<int> Applications, List<string> Emails)>();
        foreach (var (kind, count) in plan)
        {
            var (companyId, _) = await fixture.Portal.CreateAsync($"Cluster push {kind} Co");
            var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, kind, 5);
            var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
            var emails = Enumerable.Range(0, count).Select(i => $"cluster.{kind.ToString().ToLowerInvariant()}.{i}.{Guid.NewGuid().ToString("N")[..6]}@example.com").ToList();
            var applications = new List<int>();
            foreach (var email in emails) applications.Add(await fixture.RequestedApplicationAsync(companyId, jobId, email));
            tenants.Add((companyId, kind, account, applications, emails));
        }
        Assert.Equal(200, tenants.Sum(t => t.Applications.Count));

        // The candidates accept in turn across the companies, as they would from the platform.
        for (var i = 0; i < plan.Max(p => p.Candidates); i++)
        {
            foreach (var tenant in tenants.Where(t => i < t.Applications.Count)) await fixture.AcceptAsync(tenant.CompanyId, tenant.Applications[i]);
        }
        var all = tenants.SelectMany(t => t.Applications).ToList();
        // Generous: on a loaded 2-core machine a push takes seconds end to end.
        var until = DateTime.UtcNow.AddMinutes(8);
        var sent = 0;
        while (DateTime.UtcNow < until)
        {
            sent = await fixture.Portal.QueryAsync(db => db.Set<CandidatePush>().CountAsync(p => all.Contains(p.ApplicationId) && p.State == PushState.Sent));
            if (sent == all.Count) break;
            await Task.Delay(500);
        }

        Assert.Equal(all.Count, sent);
        foreach (var tenant in tenants)
        {
            Assert.All(tenant.Emails, email => Assert.Single(fixture.SandboxCandidates(tenant.Kind, tenant.Account, email)));
        }
    }
}
