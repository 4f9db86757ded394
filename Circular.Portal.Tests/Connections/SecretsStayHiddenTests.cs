using System.Text;
using System.Web;
using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.Connections;

/// <summary>
/// Runs connect → sync → refresh → disconnect for a token vendor and an OAuth vendor with every log line captured at
/// Trace, then looks for each secret the run handled in the logs and in the raw SQLite files. A second run does it
/// the way an admin does, in Chromium: typing a token into the wizard key by key (each key a circuit message) and
/// coming back from the vendor's consent page through the OAuth callback (code and state in the URL).
/// </summary>
public sealed class SecretsStayHiddenTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private SandboxHost _sandbox = null!;
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync();
        var settings = new Dictionary<string, string?>(_sandbox.ProviderConfiguration())
        {
            ["Sandbox:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        };
        _portal = new PortalFactory(kestrel: true, settings: settings, configure: b => b.ConfigureLogging(l => l
            .AddProvider(_logs)
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)));
        _portal.StartServer();
    }

    public async Task DisposeAsync()
    {
        _portal.Dispose();
        await _sandbox.DisposeAsync();
    }

    private AsyncServiceScope Scope(int companyId)
    {
        var scope = _portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Circular.Portal.Data.TenantContext>().ActFor(companyId);
        return scope;
    }

    [Fact]
    public async Task No_secret_reaches_the_logs_or_the_database_file_in_plain_text()
    {
        var (companyId, _) = await _portal.CreateAsync("Secretive Co");
        var baseUrl = _portal.ClientOptions.BaseAddress;
        var secrets = new HashSet<string>();

        var workable = _sandbox.Emulator<WorkableEmulator>().AddAccount("Secretive Co", 5);
        secrets.Add(workable.ApiToken);
        int workableId, leverId;
        await using (var scope = Scope(companyId))
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
                .ConnectWithTokenAsync(new TokenConnectRequest(AtsKind.Workable, workable.Subdomain, workable.ApiToken), baseUrl, default);
            Assert.True(outcome.Succeeded, outcome.Message);
            workableId = outcome.ConnectionId!.Value;

            var flow = scope.ServiceProvider.GetRequiredService<OAuthFlow>();
            var authorize = await flow.BeginAsync(AtsKind.Lever, "production", "user-1", baseUrl, default);
            var (code, state, _) = await ConsentDriver.DecideAsync(authorize, approve: true);
            secrets.Add(code!);
            secrets.Add(HttpUtility.ParseQueryString(authorize.Query)["state"]!);
            var (_, lever) = await flow.CompleteAsync(state, code, null, "user-1", baseUrl, default);
            Assert.True(lever.Succeeded, lever.Message);
            leverId = lever.ConnectionId!.Value;
        }
        await WaitConnectedAsync(workableId);
        await WaitConnectedAsync(leverId);
        await CollectAsync(secrets, workableId, leverId);

        await using (var scope = Scope(companyId))
        {
            await scope.ServiceProvider.GetRequiredService<ConnectionContexts>().RefreshAsync(leverId, force: true, default);
            scope.ServiceProvider.GetRequiredService<Circular.Portal.Data.TenantContext>().RunAsSystem("Tests");
            await scope.ServiceProvider.GetRequiredService<SyncConnectionJob>().RunAsync(leverId, first: false, default);
        }
        await CollectAsync(secrets, workableId, leverId);
        AssertNotInDatabaseFiles(secrets);

        await using (var scope = Scope(companyId))
        {
            var lifecycle = scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>();
            Assert.True((await lifecycle.DisconnectAsync(workableId, default)).Succeeded);
            Assert.True((await lifecycle.DisconnectAsync(leverId, default)).Succeeded);
        }

        Assert.True(secrets.Count >= 8, $"only {secrets.Count} secrets were collected");
        AssertNotInLogs(secrets);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task No_token_typed_into_the_wizard_nor_the_OAuth_callback_code_reaches_the_logs_at_Trace()
    {
        var (companyId, admin) = await _portal.CreateAsync("Typing Co");
        var workable = _sandbox.Emulator<WorkableEmulator>().AddAccount("Typing Co", 3);
        var secrets = new HashSet<string> { workable.ApiToken };
        string? callback = null;

        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = _portal.ClientOptions.BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/connections/oauth/callback", StringComparison.Ordinal)) callback = request.Url;
        };
        try
        {
            await ConnectInTheBrowserAsync(page, admin, workable);
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "SecretsStayHidden-browser.png"), FullPage = true });
            throw;
        }

        Assert.NotNull(callback);
        var query = HttpUtility.ParseQueryString(new Uri(callback).Query);
        secrets.Add(query["code"]!);
        secrets.Add(query["state"]!);
        var connections = await _portal.QueryAsync(db => db.Connections.Where(c => c.CompanyId == companyId).Select(c => c.Id).ToArrayAsync());
        Assert.Equal(2, connections.Length);
        await CollectAsync(secrets, connections);

        Assert.True(secrets.Count >= 5, $"only {secrets.Count} secrets were collected");
        AssertNotInLogs(secrets);
        // The callback was logged, with its query redacted.
        Assert.Contains(_logs.Lines, line => line.Contains("/connections/oauth/callback", StringComparison.Ordinal) && line.Contains("code=redacted", StringComparison.Ordinal));
    }

    /// <summary>Signs in, connects Workable by typing its token key by key, then Lever through its consent page.</summary>
    private static async Task ConnectInTheBrowserAsync(IPage page, string admin, WorkableSandboxAccount workable)
    {
        // Everything is logged at Trace here, which slows the circuit down: wait longer than the usual five seconds.
        var slow = new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 };
        var live = page.Locator(".mud-layout[data-interactive]");
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", admin);
        await page.FillAsync("#password", Circular.Portal.Accounts.DemoSeeder.DemoPassword);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync(url => url.Contains("/jobs", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        await page.GotoAsync("/integrations/workable");
        await Expect(live).ToHaveAttributeAsync("data-interactive", "true", slow);
        await page.Locator("input[data-field='Account']").FillAsync(workable.Subdomain);
        // Key by key: every keystroke travels over the circuit as its own message.
        await page.Locator("input[data-field='ApiToken']").PressSequentiallyAsync(workable.ApiToken, new() { Delay = 15 });
        await page.ClickAsync("#verify-button");
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("Verified", new() { Timeout = 30_000 });
        await page.ClickAsync("#save-connection");
        await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Webhooks", slow);

        await page.GotoAsync("/integrations/lever");
        await Expect(live).ToHaveAttributeAsync("data-interactive", "true", slow);
        await page.GetByText("Lever Production Account", new() { Exact = true }).ClickAsync();
        await page.ClickAsync("#oauth-start");
        await page.WaitForURLAsync(url => url.Contains("/auth/authorize", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/integrations/lever?connected=1", StringComparison.Ordinal));
        await Expect(live).ToHaveAttributeAsync("data-interactive", "true", slow);
        await Expect(page.Locator("#wizard-panel")).ToHaveAttributeAsync("data-current-step", "Acting user", slow);
    }

    private void AssertNotInLogs(IEnumerable<string> secrets)
    {
        Assert.Contains(_logs.Lines, line => line.StartsWith("Trace ", StringComparison.Ordinal));
        var leaks = secrets.Select(secret => (secret, line: _logs.Lines.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal))))
            .Where(leak => leak.line is not null).ToList();
        // Names the category of each leaking line, never the secret itself.
        Assert.True(leaks.Count == 0, $"{leaks.Count} secret(s) found in the logs, in: "
            + string.Join(" | ", leaks.Select(l => string.Join(' ', l.line!.Split(' ').Take(2)))));
    }

    private async Task WaitConnectedAsync(int connectionId)
    {
        for (var i = 0; i < 300; i++)
        {
            var state = await _portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.State).SingleAsync());
            if (state == ConnectionState.Connected) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Connection {connectionId} did not finish its first sync.");
    }

    /// <summary>Reads every secret the vault holds for the connections right now (tokens rotate, so this runs more than once).</summary>
    private async Task CollectAsync(HashSet<string> secrets, params int[] connectionIds)
    {
        var vault = _portal.Services.GetRequiredService<CredentialVault>();
        foreach (var id in connectionIds)
        {
            var connection = await _portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == id));
            var stored = vault.Unprotect(connection)!;
            foreach (var value in new[] { stored.ApiToken, stored.AccessToken, stored.RefreshToken, stored.WebhookSecret })
            {
                if (!string.IsNullOrEmpty(value)) secrets.Add(value);
            }
        }
    }

    private void AssertNotInDatabaseFiles(IEnumerable<string> secrets)
    {
        var files = Directory.GetFiles(_portal.DataFolder, "portal.db*");
        Assert.NotEmpty(files);
        var raw = string.Concat(files.Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Encoding.Latin1.GetString(copy.ToArray());
        }));
        foreach (var secret in secrets.Where(s => s.Length >= 12))
        {
            Assert.False(raw.Contains(secret, StringComparison.Ordinal), "a token was found in plain text in the SQLite files");
        }
    }
}
