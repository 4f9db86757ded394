using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class JobMappingJourneyTests(IntegrationFixture fixture)
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public Task Admin_imports_the_Workable_jobs_then_maps_one_job_by_drag_and_drop_and_another_with_the_keyboard() =>
        fixture.RunAsync(nameof(Admin_imports_the_Workable_jobs_then_maps_one_job_by_drag_and_drop_and_another_with_the_keyboard), async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync("Mapping Journey Co");
            var account = fixture.Emulator<WorkableEmulator>().AddAccount("Mapping Journey Co", 12);
            var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
            var open = await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && !a.Internal));
            // Two jobs the company already advertises on Circular, written its own way: nothing links them yet.
            var peoplePartner = await fixture.Portal.AddPublishedJobAsync(companyId, "People Partner", "Lisbon", "People");
            var backend = await fixture.Portal.AddPublishedJobAsync(companyId, "Sr. Backend Engineer (.NET)", "Lisbon", "People");

            await page.SignInAsync(admin);
            await page.GotoLiveAsync("/integrations/workable/jobs");
            await Expect(page.Locator("#preview-new")).ToHaveTextAsync($"New: {open}");
            await page.ClickAsync("#import-button");
            await Expect(page.Locator("#import-result")).ToContainTextAsync($"Imported {open} new jobs", Slow);
            Assert.Equal(open, await fixture.Portal.QueryAsync(db => db.JobLinks.CountAsync(l => l.ConnectionId == connectionId && l.Origin == LinkOrigin.Import)));

            await page.GetByRole(AriaRole.Tab, new() { Name = "Map" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/integrations/workable/jobs\\?tab=map$"));
            var circularRow = page.Locator("#circular-jobs .circular-job[data-title='People Partner']");
            var atsRow = page.Locator("#ats-jobs .ats-job[data-title='HR Business Partner']");
            await Expect(atsRow).ToBeVisibleAsync();
            await circularRow.DragToAsync(atsRow);
            await Expect(circularRow.Locator(".linked-to")).ToHaveTextAsync("→ HR Business Partner");

            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#circular-jobs .circular-job[data-title='People Partner'] .linked-to")).ToHaveTextAsync("→ HR Business Partner");
            var dragged = await LinkOfAsync(peoplePartner);
            Assert.Equal(("HR Business Partner", LinkOrigin.Manual, admin), (dragged.AtsTitle, dragged.Origin, dragged.LinkedBy));

            // The same with the keyboard only: type, pick with Enter, Tab onwards, Enter on Link.
            await page.Locator("input#pick-circular-job").FocusAsync();
            await page.Keyboard.TypeAsync("Sr. Back");
            // Enter picks the highlighted item: wait until the list is the one for the typed text, not the one opened on focus.
            var options = page.Locator(".mud-popover-open .mud-list-item");
            await Expect(options).ToHaveCountAsync(1);
            await Expect(options.First).ToContainTextAsync("Sr. Backend Engineer (.NET)");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("input#pick-circular-job")).ToHaveValueAsync("Sr. Backend Engineer (.NET) · Lisbon");
            await TabToAsync(page, "pick-ats-job");
            await page.Keyboard.TypeAsync("Backend");
            await Expect(options).ToHaveCountAsync(1);
            await Expect(options.First).ToContainTextAsync("Backend Engineer");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("input#pick-ats-job")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Backend Engineer"));
            await TabToAsync(page, "keyboard-link-button");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#board-message")).ToContainTextAsync("Linked \"Sr. Backend Engineer (.NET)\" to Workable job \"Backend Engineer\"");

            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#circular-jobs .circular-job[data-title='Sr. Backend Engineer (.NET)'] .linked-to")).ToHaveTextAsync("→ Backend Engineer");
            var picked = await LinkOfAsync(backend);
            Assert.Equal(("Backend Engineer", LinkOrigin.Manual), (picked.AtsTitle, picked.Origin));
        });

    /// <summary>Presses Tab (at most a few times) until the element with this id has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 4; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") == id) return;
        }
        Assert.Fail($"Tab never reached #{id}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'")}");
    }

    private Task<(string AtsTitle, LinkOrigin Origin, string LinkedBy)> LinkOfAsync(int jobId) =>
        fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.JobId == jobId)
            .Select(l => new ValueTuple<string, LinkOrigin, string>(l.AtsJob!.Title, l.Origin, l.LinkedBy)).SingleAsync());
}
