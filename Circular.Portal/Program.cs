using Circular.Portal;
using Circular.Portal.Accounts;
using Circular.Portal.Components;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Api;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddProblemDetails();
builder.AddPortalData();
builder.AddAccounts();
builder.AddMarketplace();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapMarketplaceApi();
app.MapCvEndpoints();

await app.Services.MigratePortalDatabaseAsync();
await app.SeedDemoDataAsync();
app.PrintStartupBanner();

app.Run();

public partial class Program;
