using Circular.Portal;
using Circular.Portal.Accounts;
using Circular.Portal.Components;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Hosting;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Api;
using Circular.Portal.Notifications;
using Circular.Portal.Marketplace.Platform;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync;
using Circular.Portal.Support;
using MudBlazor.Services;

if (args.Contains("--sandbox-only"))
{
    // The ATS Sandbox alone on its own port, e.g. --urls http://127.0.0.1:5090
    await using var sandbox = await SandboxHost.StartAsync(SandboxHostUrl(args));
    Console.WriteLine($"ATS Sandbox running at {sandbox.Root}. Press Ctrl+C to stop.");
    await Task.Delay(Timeout.Infinite, ConsoleCancellation());
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWebHardening();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.AddPortalCircuits();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();
builder.AddPortalData();
builder.AddAccounts();
builder.AddMarketplace();
builder.AddSandbox();
builder.Services.AddAtsProviders(builder.Configuration);
builder.AddConnections();
builder.AddNotifications();
builder.AddSync();
builder.AddAtsJobs();
builder.AddSupport();

var app = builder.Build();
app.UseWebHardening();

app.UsePortalExceptionHandler();
// Friendly "not found" pages are for people; machine endpoints keep their own status codes and bodies.
app.UseWhen(http => !Startup.IsMachineEndpoint(http.Request.Path),
    pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// Routing after the status code pages, so a re-executed request is routed again and finds the Not found page
// (routed before them, an unknown address like /jobs/abc would keep its empty 404).
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapImpersonationEndpoints();
app.MapMarketplaceApi();
app.MapPlatformChangesFeed();
app.MapCvEndpoints();
app.MapSandbox();
app.MapConnectionEndpoints();
app.MapWebhookReceiver();

if (args.Contains("--migrate"))
{
    // The deploy step: migrate (on PostgreSQL also Quartz's tables) and exit; nodes start after it.
    await app.Services.MigratePortalDatabaseAsync();
    Console.WriteLine("Database migrated.");
    return;
}
await app.Services.EnsurePortalDatabaseReadyAsync();
await app.SeedDemoDataAsync();
app.PrintStartupBanner();

app.Run();

static string SandboxHostUrl(string[] args) =>
    args.SkipWhile(a => a != "--urls").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:5090";

static CancellationToken ConsoleCancellation()
{
    var cts = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
    return cts.Token;
}

public partial class Program;
