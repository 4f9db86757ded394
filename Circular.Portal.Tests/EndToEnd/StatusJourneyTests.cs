using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>The integration cast with a short status poll interval, so polling vendors come back within seconds.</summary>
public sealed class StatusJourneyFixture : IntegrationFixture
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);

    protected override async Task<IDictionary<string, string?>> PortalSettingsAsync()
    {
        var settings = await base.PortalSettingsAsync();
        settings["Sync:StatusPollInterval"] = PollInterval.ToString();
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class StatusJourneyCollection : ICollectionFixture<StatusJourneyFixture>
{
    public const string Name = "StatusJourney";
}

/// <summary>
/// Status back in Chromium, for every vendor: two candidates accept and are pushed into the Sandbox ATS; the recruiter
/// hires one and rejects the other there (the Sandbox console's own action); the admin, watching the candidate pages,
/// sees Hired and Rejected with the vendor's reason and a bell. Lever and Workable come back by the webhooks the portal
/// registered itself (within 2 seconds); the others by polling, within one (short) poll interval.
/// </summary>
[Collection(StatusJourneyCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class StatusJourneyTests(StatusJourneyFixture fixture)
{
    [Theory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Lever)]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    public Task Hired_and_rejected_in_the_ATS_show_on_the_candidate_page_with_the_reason_and_a_bell(AtsKind kind) =>
        fixture.RunAsync($"{nameof(Hired_and_rejected_in_the_ATS_show_on_the_candidate_page_with_the_reason_and_a_bell)}_{kind}", async page =>
        {
            var vendor = kind.ToString();
            var slug = vendor.ToLowerInvariant();
            var byWebhook = kind is AtsKind.Lever or AtsKind.Workable;
            // Webhooks: 2 s. Polling: one interval, plus room for a loaded machine to run the worker and the page to refresh.
            var within = byWebhook ? TimeSpan.FromSeconds(2) : StatusJourneyFixture.PollInterval + TimeSpan.FromSeconds(2);
            var (companyId, admin) = await fixture.Portal.CreateAsync($"Status journey {kind} Co");
            var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, kind, 3);
            var atsJob = await fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && a.MissingSince == null)
                .OrderBy(a => a.Id).FirstAsync());
            var jobId = await fixture.Portal.AddPublishedJobAsync(companyId, $"Circular ad for {vendor}", "Lisbon", "Engineering");
            await fixture.LinkAsync(companyId, jobId, atsJob.Id);

            var grace = await AcceptedAndPushedAsync(companyId, jobId, "grace", slug);
            var alan = await AcceptedAndPushedAsync(companyId, jobId, "alan", slug);
            var emulator = fixture.Sandbox.Emulators.Single(e => e.Vendor == slug);
            string InAts(string email) => emulator.Candidates(account).Single(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)).Id;

            await page.SignInAsync(admin);
            await page.GotoLiveAsync($"/candidates/{grace.CandidateId}");
            var stage = page.Locator($".candidate-application[data-application='{grace.ApplicationId}'] .application-stage");
            await Expect(stage).ToHaveTextAsync("Interview accepted");

            // The recruiter hires Grace in the ATS.
            var watch = Stopwatch.StartNew();
            await emulator.ActAsync(account, InAts(grace.Email), SandboxRecruiterAction.Hire, default);
            await Expect(stage).ToHaveTextAsync("Hired", new() { Timeout = 20_000 });
            var hiredAfter = watch.Elapsed;
            var application = page.Locator($".candidate-application[data-application='{grace.ApplicationId}']");
            await Expect(application.Locator(".timeline-by").Last).ToContainTextAsync($"from {vendor}");
            await WaitForBellAsync(companyId, $": hired in {vendor}");
            await Expect(page.Locator("#notification-count")).ToBeVisibleAsync();

            // And rejects Alan.
            await page.GotoLiveAsync($"/candidates/{alan.CandidateId}");
            var alanStage = page.Locator($".candidate-application[data-application='{alan.ApplicationId}'] .application-stage");
            await Expect(alanStage).ToHaveTextAsync("Interview accepted");
            watch.Restart();
            await emulator.ActAsync(account, InAts(alan.Email), SandboxRecruiterAction.Reject, default);
            await Expect(alanStage).ToHaveTextAsync("Rejected", new() { Timeout = 20_000 });
            var rejectedAfter = watch.Elapsed;
            var alanApplication = page.Locator($".candidate-application[data-application='{alan.ApplicationId}']");
            await Expect(alanApplication.Locator(".timeline-by").Last).ToContainTextAsync($"from {vendor}");
            var reason = await fixture.Portal.QueryAsync(db => db.StageChanges.Where(s => s.ApplicationId == alan.ApplicationId && s.By == $"from {vendor}")
                .Select(s => s.Reason).SingleAsync());
            if (reason is not null) await Expect(alanApplication.Locator(".timeline-reason").Last).ToContainTextAsync(reason);
            await WaitForBellAsync(companyId, $": rejected in {vendor}");

            Console.WriteLine($"{vendor}: hired shown after {hiredAfter.TotalMilliseconds:F0} ms, rejected after {rejectedAfter.TotalMilliseconds:F0} ms ({(byWebhook ? "webhook" : "poll")})");
            // And the platform is told: the changes feed (the same rows the signed webhook sends) carries both outcomes.
            await WaitForPlatformAsync(grace.ApplicationId, "hired");
            await WaitForPlatformAsync(alan.ApplicationId, "rejected");
            Assert.True(hiredAfter < within, $"Hired took {hiredAfter} (limit {within})");
            Assert.True(rejectedAfter < within, $"Rejected took {rejectedAfter} (limit {within})");
            if (byWebhook)
            {
                // The webhook arrived and was processed (a poll may still have applied the change a moment earlier).
                Assert.All(await fixture.Portal.QueryAsync(db => db.WebhookDeliveries.Where(w => w.ConnectionId == connectionId).ToListAsync()),
                    w => Assert.NotNull(w.ProcessedAt));
                Assert.NotEmpty(await fixture.Portal.QueryAsync(db => db.WebhookDeliveries.Where(w => w.ConnectionId == connectionId).ToListAsync()));
            }
        });

    private async Task WaitForBellAsync(int companyId, string titleEnd)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await fixture.Portal.QueryAsync(db => db.Notifications.AnyAsync(n => n.CompanyId == companyId && n.Title.EndsWith(titleEnd))))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"No bell \"…{titleEnd}\" for company {companyId}");
            await Task.Delay(100);
        }
    }

    /// <summary>Reads the platform's changes feed (authenticated, from the start) until it holds this outcome of the application.</summary>
    private async Task WaitForPlatformAsync(int applicationId, string outcome)
    {
        var platformId = await fixture.Portal.QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.PlatformApplicationId).SingleAsync());
        using var http = fixture.Http();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await new PlatformClient(http).ChangesAsync("?limit=500");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            if (body.GetProperty("changes").EnumerateArray().Any(c => c.GetProperty("platformApplicationId").GetString() == platformId && c.GetProperty("outcome").GetString() == outcome)) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"The changes feed never said {outcome} for {platformId}");
            await Task.Delay(250);
        }
    }

    private sealed record Pushed(int ApplicationId, int CandidateId, string Email);

    /// <summary>A candidate sent by the platform, interview requested and accepted, and pushed into the ATS.</summary>
    private async Task<Pushed> AcceptedAndPushedAsync(int companyId, int jobId, string name, string slug)
    {
        var email = $"{name}.{slug}.{Guid.NewGuid().ToString("N")[..8]}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);
        await fixture.AcceptAsync(companyId, applicationId);
        // Sent and read back: the push's own calls are over before the recruiter acts.
        await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent, TimeSpan.FromSeconds(45), p => p.AttributionCheckedAt is not null);
        var candidateId = await fixture.Portal.QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.CandidateId).SingleAsync());
        return new Pushed(applicationId, candidateId, email);
    }
}
