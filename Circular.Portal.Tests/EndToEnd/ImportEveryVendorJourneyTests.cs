using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>
/// The import tab and the board in Chromium for the vendors the Workable journey does not drive: import every open job
/// of the Sandbox account, then drag a job the company wrote itself onto one of them, and see it survive a reload.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ImportEveryVendorJourneyTests(IntegrationFixture fixture)
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Theory]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    [InlineData(AtsKind.Lever)]
    public Task Admin_imports_from_the_vendor_and_maps_a_job_by_drag_and_drop(AtsKind kind) =>
        fixture.RunAsync($"{nameof(Admin_imports_from_the_vendor_and_maps_a_job_by_drag_and_drop)}_{kind}", async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync($"Journey {kind} Co");
            var connectionId = await fixture.ConnectAsync(companyId, kind, 15);
            var open = await fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && !a.Internal)
                .OrderBy(a => a.Id).Select(a => a.Title).ToListAsync());
            var target = open[0];
            var ownJob = await fixture.Portal.AddPublishedJobAsync(companyId, $"Our own ad for {kind}", "Lisbon", "Engineering");
            var slug = kind.ToString().ToLowerInvariant();

            await page.SignInAsync(admin);
            await page.GotoLiveAsync($"/integrations/{slug}/jobs");
            await Expect(page.Locator("#preview-new")).ToHaveTextAsync($"New: {open.Count}");
            await page.ClickAsync("#import-button");
            await Expect(page.Locator("#import-result")).ToContainTextAsync($"Imported {open.Count} new job", Slow);
            await Expect(page.Locator("#preview-linked")).ToHaveTextAsync($"Already linked: {open.Count}");

            await page.GotoLiveAsync($"/integrations/{slug}/jobs?tab=map");
            await page.FillAsync("input#circular-search", "Our own ad");
            await page.FillAsync("input#ats-search", target);
            // Drag only once both searches have been applied: a list that re-renders mid-drag loses the drop.
            var matching = await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(a => a.ConnectionId == connectionId
                && a.Status != AtsJobStatus.Closed && (a.Title.Contains(target) || (a.Location != null && a.Location.Contains(target)))));
            await Expect(page.Locator("#circular-jobs .circular-job")).ToHaveCountAsync(1);
            await Expect(page.Locator("#ats-jobs .ats-job")).ToHaveCountAsync(matching);
            var circularRow = page.Locator($"#circular-jobs .circular-job[data-job='{ownJob}']");
            var atsRow = page.Locator("#ats-jobs .ats-job", new() { HasText = target }).First;
            await circularRow.DragToAsync(atsRow);
            await Expect(circularRow.Locator(".linked-to")).ToContainTextAsync(target);

            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            await page.FillAsync("input#circular-search", "Our own ad");
            await Expect(page.Locator($"#circular-jobs .circular-job[data-job='{ownJob}'] .linked-to")).ToContainTextAsync(target);
            var linked = await fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.JobId == ownJob).Select(l => l.AtsJob!.Title).SingleAsync());
            Assert.Equal(target, linked);
            Assert.Equal(open.Count + 1, await fixture.Portal.QueryAsync(db => db.Jobs.CountAsync(j => j.CompanyId == companyId)));
        });
}
