using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// One real portal on Kestrel at 127.0.0.1 and one Debian Chromium per test collection. Each test gets a fresh
/// browser context (its own cookies) and a screenshot under TestResults/screenshots when it fails.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalFactory Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every line the portal logged, for journeys that check what the server saw (e.g. no unhandled error).</summary>
    public CapturingLoggerProvider Logs { get; } = new();
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Extra settings for the portal, e.g. the sandbox URLs; override in a derived fixture.</summary>
    protected virtual Task<IDictionary<string, string?>> PortalSettingsAsync() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>The portal's port; 0 picks a free one. A derived fixture that must know it in advance (for Portal:PublicUrl) sets it.</summary>
    protected virtual int KestrelPort => 0;

    public virtual async Task InitializeAsync()
    {
        var settings = await PortalSettingsAsync();
        Portal = new PortalFactory(kestrel: true, settings: settings, port: KestrelPort,
            configure: b => b.ConfigureLogging(l => l.AddProvider(Logs)
                // The circuit's own start and disposal lines, so a journey can wait for a closed tab's circuit to end.
                .AddFilter<CapturingLoggerProvider>("Microsoft.AspNetCore.Components.Server.Circuits", LogLevel.Debug)));
        Portal.StartServer();
        BaseUrl = Portal.ClientOptions.BaseAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's headless Chromium with the flags every test uses.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Portal?.Dispose();
    }

    public HttpClient Http() => new() { BaseAddress = BaseUrl };

    /// <summary>
    /// Runs one journey in a fresh context; on failure saves a screenshot named after the test, then rethrows.
    /// <paramref name="baseUrl"/> points the browser at another portal node (default: this fixture's portal).
    /// </summary>
    public async Task RunAsync(string testName, Func<IPage, Task> journey, Uri? baseUrl = null)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = (baseUrl ?? BaseUrl).ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        try
        {
            await journey(page);
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{testName}.png"), FullPage = true });
            throw;
        }
    }
}

public static class PortalPage
{
    /// <summary>Waits until the Blazor circuit is live: clicks on the prerendered page would be lost.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        Assertions.Expect(page.Locator(".mud-layout[data-interactive]")).ToHaveAttributeAsync("data-interactive", "true");

    public static async Task SignInAsync(this IPage page, string email, string password = Portal.Accounts.DemoSeeder.DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync(url => url.Contains("/jobs"), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForCircuitAsync();
    }

    public static async Task GotoLiveAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForCircuitAsync();
    }
}
