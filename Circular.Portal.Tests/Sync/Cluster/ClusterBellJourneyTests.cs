using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>
/// The two-node cluster with no status poll on either node's own schedule during a test (one a day), so the poll that
/// hears a change in the ATS is the one the test runs on node A.
/// </summary>
public sealed class ClusterBellFixture : PostgresClusterFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ClusterSettings() =>
        [new("Sync:StatusPollInterval", TimeSpan.FromDays(1).ToString())];
}

/// <summary>A bell rung by node A's worker reaches an admin's browser connected to node B, live, without a reload.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ClusterBellJourneyTests(ClusterBellFixture fixture) : IClassFixture<ClusterBellFixture>
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 20_000 };

    [PostgresFact]
    public Task A_hire_polled_by_node_a_rings_the_bell_live_in_a_browser_on_node_b() =>
        fixture.RunAsync(nameof(A_hire_polled_by_node_a_rings_the_bell_live_in_a_browser_on_node_b), async page =>
        {
            // A Recruitee company with one candidate accepted and pushed into the Sandbox (by whichever node's worker).
            var (companyId, admin) = await fixture.Portal.CreateAsync("Cluster bell Co");
            var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Recruitee, 3);
            await fixture.WaitForNotificationAsync(companyId, "Recruitee: first sync finished");
            var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
            var email = $"grace.cluster.{Guid.NewGuid().ToString("N")[..8]}@example.com";
            var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);
            await fixture.AcceptAsync(companyId, applicationId);
            await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent, TimeSpan.FromSeconds(60), p => p.AttributionCheckedAt is not null);
            var before = await fixture.Portal.QueryAsync(db => db.Notifications.CountAsync(n => n.CompanyId == companyId && n.ReadAt == null));

            // The admin signs in on node B and stays on a page with the bell; a marker in the page's window would not survive a reload.
            await page.SignInAsync(admin);
            Assert.StartsWith(fixture.NodeB.BaseUrl.ToString().TrimEnd('/'), page.Url);
            await page.EvaluateAsync("() => { window.__clusterBellMarker = 'still here'; }");
            var count = page.Locator("#notification-count .mud-badge");
            await Expect(count).ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture), Slow);

            // The recruiter hires her in Recruitee; node A's worker polls and applies it, writing the bell in the same save.
            var emulator = fixture.Sandbox.Emulators.Single(e => e.Vendor == "recruitee");
            var inAts = emulator.Candidates(account).Single(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)).Id;
            await emulator.ActAsync(account, inAts, SandboxRecruiterAction.Hire, default);
            await using (var scope = fixture.Portal.Services.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Cluster bell test");
                var run = await scope.ServiceProvider.GetRequiredService<StatusPoller>().PollAsync(connectionId, default);
                Assert.True(run?.StatusesApplied == 1, $"Node A's poll applied {run?.StatusesApplied.ToString() ?? "nothing"} (expected the hire).");
            }

            // Node B's page shows the new count and the notification's text, and it is the same page (no reload).
            await Expect(count).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Slow);
            await page.ClickAsync("#notification-bell");
            await Expect(page.Locator("#notification-list")).ToContainTextAsync("hired in Recruitee", new() { Timeout = 20_000 });
            Assert.Equal("still here", await page.EvaluateAsync<string?>("() => window.__clusterBellMarker ?? null"));
        }, baseUrl: fixture.NodeB.BaseUrl);
}
