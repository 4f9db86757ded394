using System.Net;
using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>
/// The product's promise in Chromium, for every vendor: the candidate accepts the interview (through the Marketplace API)
/// while the admin watches the candidate page; the candidate lands in the Sandbox ATS once, under the mapped job, tagged
/// Circular, with CV and LinkedIn; the timeline shows it there with the attribution check; the inbox chip and the
/// integration card follow.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PushJourneyTests(IntegrationFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 45_000 };

    [Theory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    [InlineData(AtsKind.Lever)]
    public Task An_accepted_candidate_appears_in_the_ATS_and_the_admin_watches_the_timeline_confirm_the_attribution(AtsKind kind) =>
        fixture.RunAsync($"{nameof(An_accepted_candidate_appears_in_the_ATS_and_the_admin_watches_the_timeline_confirm_the_attribution)}_{kind}", async page =>
        {
            var vendor = kind.ToString();
            var slug = vendor.ToLowerInvariant();
            var (companyId, admin) = await fixture.Portal.CreateAsync($"Push journey {kind} Co");
            var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, kind, 5);
            var atsJob = await fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && a.MissingSince == null)
                .OrderBy(a => a.Id).FirstAsync());
            var jobId = await fixture.Portal.AddPublishedJobAsync(companyId, $"Circular ad for {vendor}", "Lisbon", "Engineering");
            await using (var scope = fixture.ScopeFor(companyId))
            {
                var linked = await scope.ServiceProvider.GetRequiredService<JobLinker>().LinkAsync(jobId, atsJob.Id, null, LinkOrigin.Manual, admin, default);
                Assert.True(linked.Succeeded, linked.Message);
            }

            // The Circular platform sends Grace, with her CV and LinkedIn profile.
            var platformId = $"push-journey-{slug}-{Guid.NewGuid():N}";
            var email = $"grace.{slug}.{Guid.NewGuid().ToString("N")[..8]}@example.com";
            var platform = new PlatformClient(fixture.Http());
            var created = await platform.CreateApplicationWithCvAsync(PlatformClient.Fields(platformId, jobId, email), CvSamples.Pdf(), "grace-hopper.pdf");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var (applicationId, candidateId) = await fixture.Portal.QueryAsync(db => db.Applications.Where(a => a.PlatformApplicationId == platformId)
                .Select(a => new ValueTuple<int, int>(a.Id, a.CandidateId)).SingleAsync());

            await page.SignInAsync(admin);
            await page.GotoLiveAsync($"/jobs/{jobId}");
            var row = page.Locator("#candidate-inbox tr", new() { HasText = "Grace Hopper" });
            await row.Locator("button.request-interview").ClickAsync();
            await Expect(row.Locator(".stage-chip")).ToHaveTextAsync("Interview requested");
            await Expect(row.Locator(".push-chip")).ToHaveCountAsync(0);

            // The admin opens Grace's page and watches while she accepts.
            await page.GotoLiveAsync($"/candidates/{candidateId}");
            var timeline = page.Locator($"#push-timeline-{applicationId}");
            await Expect(timeline).ToHaveCountAsync(0);
            var accepted = await platform.AnswerAsync(platformId, accepted: true);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

            await Expect(timeline.Locator(".push-status")).ToHaveTextAsync($"In {vendor}", Slow);
            await Expect(timeline.Locator(".push-event[data-kind='Queued']")).ToHaveCountAsync(1);
            await Expect(timeline.Locator(".push-event[data-kind='Sent'] .push-event-message")).ToContainTextAsync($"In {vendor} as Grace Hopper");
            await Expect(timeline.Locator(".attribution-summary")).ToHaveAttributeAsync("data-complete", "true", new() { Timeout = 45_000 });
            await Expect(timeline.Locator(".attribution-summary")).ToContainTextAsync($"Attribution checked in {vendor}: everything arrived");
            foreach (var item in new[] { "tag", "source", "cv", "linkedin" })
            {
                await Expect(timeline.Locator($".attribution-item[data-item='{item}']")).ToHaveAttributeAsync("data-ok", item == "source" ? new System.Text.RegularExpressions.Regex("^(true|none)$") : new System.Text.RegularExpressions.Regex("^true$"));
            }
            if (kind is AtsKind.Teamtailor or AtsKind.Recruitee)
            {
                // These vendors take the CV as a signed link and download it themselves: the timeline says when.
                await Expect(timeline.Locator(".push-event[data-kind='CvFetched'] .push-event-message")).ToContainTextAsync($"CV fetched by {vendor} at", new() { Timeout = 45_000 });
            }
            var push = await fixture.Portal.QueryAsync(db => db.Set<CandidatePush>().AsNoTracking().SingleAsync(p => p.ApplicationId == applicationId));
            if (push.VendorRecordUrl is { } recordUrl)
            {
                await Expect(timeline.Locator("a.push-record-link")).ToHaveAttributeAsync("href", recordUrl);
            }

            // In the ATS: exactly one Grace, under the mapped job, tagged Circular, with her CV and LinkedIn.
            var emulator = fixture.Sandbox.Emulators.Single(e => e.Vendor == slug);
            var stored = Assert.Single(emulator.Candidates(account), c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(push.VendorCandidateId, stored.Id);
            Assert.Equal(atsJob.Title, stored.JobTitle);
            Assert.Contains(AtsCandidatePush.Tag, stored.Tags);
            Assert.False(string.IsNullOrEmpty(stored.Cv), "The candidate has no CV in the ATS.");
            Assert.Equal(1, stored.Cvs);
            Assert.Contains("grace-hopper", stored.LinkedInUrl ?? "");

            // The inbox chip and the integration card say the same.
            await page.GotoLiveAsync($"/jobs/{jobId}");
            await Expect(page.Locator("#candidate-inbox tr", new() { HasText = "Grace Hopper" }).Locator(".push-chip")).ToHaveTextAsync($"In {vendor}");
            await page.GotoLiveAsync("/integrations");
            var card = page.Locator($".integration-card[data-vendor='{vendor}']");
            await Expect(card.Locator("a.push-pending")).ToHaveTextAsync("0 pending");
            await Expect(card.Locator("a.push-failed")).ToHaveTextAsync("0 failed");
            await card.Locator("a.push-all").ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith($"/integrations/{slug}/pushes"), new() { WaitUntil = WaitUntilState.Commit });
            await Expect(page.Locator($"td[data-push='{push.Id}']")).ToHaveCountAsync(1);
        });
}
