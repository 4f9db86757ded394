using Circular.Portal.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>The portal on a phone (390 × 844): every way out of a page stays on screen.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PhoneJourneyTests(IntegrationFixture fixture)
{
    private static async Task AssertOnScreenAsync(IPage page, string selector)
    {
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{selector} is off-screen at x={box.X}, width {box.Width}.");
    }

    [Fact]
    public Task On_a_phone_an_admin_reaches_ATS_Integration_and_signs_out_from_the_profile_menu() =>
        fixture.RunAsync(nameof(On_a_phone_an_admin_reaches_ATS_Integration_and_signs_out_from_the_profile_menu), async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            var (_, admin) = await fixture.Portal.CreateAsync("Phone Journey Co");
            await page.SignInAsync(admin);

            await AssertOnScreenAsync(page, "#notification-bell");
            await AssertOnScreenAsync(page, "#profile-avatar");
            await page.ClickAsync("#profile-avatar");
            await page.GetByRole(AriaRole.Menuitem, new() { Name = "ATS Integration" }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith("/integrations"), new() { WaitUntil = WaitUntilState.Commit });
            await Expect(page.Locator(".integration-card[data-vendor='Lever']")).ToBeVisibleAsync();

            await page.ClickAsync("#profile-avatar");
            await page.Locator("#menu-signout").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/account/login"));
            await Expect(page.Locator("#email")).ToBeVisibleAsync();
        });

    [Fact]
    public Task The_support_user_who_lands_on_access_denied_can_sign_out() =>
        fixture.RunAsync(nameof(The_support_user_who_lands_on_access_denied_can_sign_out), async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", "support@circular.example");
            await page.FillAsync("#password", Portal.Accounts.DemoSeeder.DemoPassword);
            await page.ClickAsync("#signin-submit");
            // Support starts at the console; a company page is not theirs.
            await page.WaitForURLAsync(url => url.EndsWith("/support"));
            await page.GotoAsync("/jobs");
            await page.WaitForURLAsync(url => url.Contains("/account/access-denied"));

            await AssertOnScreenAsync(page, "#access-denied-signout");
            await page.ClickAsync("#access-denied-signout");
            await page.WaitForURLAsync(url => url.Contains("/account/login"));
            await page.GotoAsync("/jobs");
            await page.WaitForURLAsync(url => url.Contains("/account/login"));
        });
}
