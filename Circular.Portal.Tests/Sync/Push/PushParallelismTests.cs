using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.Benchmarks;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>
/// One connection sends several pushes at once (Sync:PushParallelismPerConnection), all through its one rate gate: the
/// vendor's limit is never exceeded (no 429) and every candidate is created exactly once.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class PushParallelismTests(IntegrationFixture fixture)
{
    [Fact]
    public async Task Pushes_of_one_connection_go_side_by_side_within_the_vendors_limit_and_create_each_candidate_once()
    {
        // Lever: 20 requests per 2 s in the Sandbox, about 6 requests per push, so 12 pushes span several windows.
        var tenant = await PushLoad.TenantAsync(fixture, "Parallel pushes Co", AtsKind.Lever, 12);

        // The connect wizard's live check and token exchange are paced under keys of their own (the connection does not
        // exist yet), so on a quick machine they can share the vendor's first window with the pushes: let that window
        // pass, so the 429 count below is the pushes' own.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        // All twelve accept while the connection is held, then it is released: on a quick machine each push would
        // otherwise be sent before the next candidate accepts, and nothing would be there to send side by side.
        await PushLoad.HoldAsync(fixture, tenant.Sandbox.ConnectionId);
        await PushLoad.AcceptAllAsync(fixture, tenant);
        await PushLoad.ReleaseAsync(fixture, tenant.Sandbox.ConnectionId);
        await PushLoad.WaitForAllAsync(fixture, tenant, System.Diagnostics.Stopwatch.StartNew(), TimeSpan.FromMinutes(2));

        var (sent, dead) = await PushLoad.ProgressAsync(fixture, tenant.Sandbox.ConnectionId);
        Assert.Equal((12, 0), (sent, dead));
        Assert.Equal(0, PushLoad.Duplicates(fixture, tenant));
        Assert.Equal(0, fixture.Requests(tenant.Sandbox).Refused);
        foreach (var email in tenant.Emails) Assert.Single(fixture.SandboxCandidates(AtsKind.Lever, tenant.Sandbox.AccountId, email));

        // Side by side: some push was claimed while another was still being sent.
        var spans = await fixture.Portal.QueryAsync(db => db.Set<CandidatePushEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => tenant.ApplicationIds.Contains(e.ApplicationId) && (e.Kind == PushEventKind.Sending || e.Kind == PushEventKind.Sent))
            .ToListAsync());
        var windows = spans.GroupBy(e => e.PushId)
            .Select(g => (From: g.Where(e => e.Kind == PushEventKind.Sending).Min(e => e.At), To: g.Where(e => e.Kind == PushEventKind.Sent).Max(e => e.At)))
            .ToList();
        Assert.Contains(windows, a => windows.Any(b => b != a && b.From < a.To && a.From < b.To));
    }
}
