using System.Net.Http.Json;
using System.Text.Json;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class MarketplaceBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Marketplace browser";
}

[Collection(MarketplaceBrowserCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class MarketplaceJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task Admin_publishes_a_job_and_follows_a_candidate_to_an_accepted_interview() =>
        browser.RunAsync(nameof(Admin_publishes_a_job_and_follows_a_candidate_to_an_accepted_interview), async page =>
        {
            await page.SignInAsync("admin@northwind.example");
            await Expect(page.Locator("#company-name")).ToHaveTextAsync("Northwind Robotics");

            await page.ClickAsync("#new-job");
            await page.GetByLabel("Title").FillAsync("Staff Platform Engineer");
            await page.GetByLabel("Location").FillAsync("Lisbon");
            await page.ClickAsync("#job-save");
            await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/jobs/\\d+$"), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#job-heading")).ToHaveTextAsync("Staff Platform Engineer");
            await Expect(page.Locator("#job-status")).ToHaveTextAsync("Draft");
            await page.ClickAsync("#job-publish");
            await Expect(page.Locator("#job-status")).ToHaveTextAsync("Published");
            var jobId = int.Parse(page.Url.Split('/').Last());

            var platform = new PlatformClient(browser.Http());
            var created = await platform.CreateApplicationAsync(new
            {
                platformApplicationId = "e2e-journey-1",
                jobId,
                firstName = "Margaret",
                lastName = "Hamilton",
                email = "margaret.hamilton@example.com",
                linkedInUrl = "https://www.linkedin.com/in/margaret-hamilton",
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            var row = page.Locator("#candidate-inbox tr", new() { HasText = "Margaret Hamilton" });
            await Expect(row.Locator(".stage-chip")).ToHaveTextAsync("New");
            await row.Locator("button.request-interview").ClickAsync();
            await Expect(row.Locator(".stage-chip")).ToHaveTextAsync("Interview requested");

            var accepted = await platform.AnswerAsync("e2e-journey-1", accepted: true);
            Assert.Equal(System.Net.HttpStatusCode.OK, accepted.StatusCode);
            var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("InterviewAccepted", body.GetProperty("stage").GetString());

            await page.ReloadAsync();
            await page.WaitForCircuitAsync();
            await Expect(page.Locator("#candidate-inbox tr", new() { HasText = "Margaret Hamilton" }).Locator(".stage-chip"))
                .ToHaveTextAsync("Interview accepted");
        });

    [Fact]
    public Task The_profile_menu_holds_ats_integration_and_sign_out() =>
        browser.RunAsync(nameof(The_profile_menu_holds_ats_integration_and_sign_out), async page =>
        {
            await page.SignInAsync("admin@fjord.example");

            await page.ClickAsync("#profile-avatar");
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "ATS Integration" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/integrations"), new() { WaitUntil = WaitUntilState.Commit });
            await Expect(page.Locator(".integration-card")).ToHaveCountAsync(5);

            await page.ClickAsync("#profile-avatar");
            await page.ClickAsync("#menu-signout");
            await page.WaitForURLAsync(url => url.Contains("/account/login"), new() { WaitUntil = WaitUntilState.Commit });
            await page.GotoAsync("/jobs");
            await page.WaitForURLAsync(url => url.Contains("/account/login"), new() { WaitUntil = WaitUntilState.Commit });
        });

    [Fact]
    public Task A_job_without_a_title_shows_the_message_at_the_field_and_saves_nothing() =>
        browser.RunAsync(nameof(A_job_without_a_title_shows_the_message_at_the_field_and_saves_nothing), async page =>
        {
            await page.SignInAsync("admin@fjord.example");

            await page.ClickAsync("#new-job");
            await page.GetByLabel("Location").FillAsync("Oslo");
            await page.ClickAsync("#job-save");

            await Expect(page.GetByText("Give the job a title.")).ToBeVisibleAsync();
            await Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
        });
}
