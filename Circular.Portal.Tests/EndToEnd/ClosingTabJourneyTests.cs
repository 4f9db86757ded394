using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.EndToEnd;

/// <summary>Closing a tab ends its circuit quietly: the server logs no unhandled error for a browser that is gone.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ClosingTabJourneyTests(IntegrationFixture fixture)
{
    [Fact]
    public async Task Closing_the_mapping_board_tab_disposes_its_circuit_without_a_JSDisconnectedException()
    {
        var (companyId, admin) = await fixture.Portal.CreateAsync("Closing Tab Co");
        await fixture.ConnectAsync(companyId, AtsKind.Workable, jobCount: 6);
        await fixture.Portal.AddPublishedJobAsync(companyId, "Closing Tab Engineer", "Lisbon", "Engineering");

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUrl.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.SignInAsync(admin);
        await page.GotoLiveAsync("/integrations/workable/jobs?tab=map");
        // Open the pickers and a menu, so the components that hold browser-side state have some to release.
        await page.Locator("input#pick-circular-job").FocusAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        // The page's unload tells the server at once: wait for the circuit's disposal to be logged, then read the lines.
        var disposed = fixture.Logs.WaitForLineAsync(l => l.Contains("Disposing circuit") && (l.Contains("succeeded") || l.Contains("failed")), TimeSpan.FromSeconds(30));

        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });

        await disposed;
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.Contains("JSDisconnectedException"));
        Assert.DoesNotContain(fixture.Logs.Lines, l => l.StartsWith("Error Microsoft.AspNetCore.Components", StringComparison.Ordinal));
    }
}
