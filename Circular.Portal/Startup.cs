using Circular.Portal.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Circular.Portal;

internal static class Startup
{
    private static readonly string[] MachinePrefixes = ["/api", "/hooks", "/public", "/sandbox", "/connections/oauth"];

    /// <summary>Paths called by machines (the platform, vendors, the sandbox): they keep their own status codes and bodies.</summary>
    public static bool IsMachineEndpoint(PathString path) =>
        MachinePrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Outside Development an unhandled exception answers machines (the platform, vendors, ATSes fetching a CV) with
    /// RFC 7807 problem details, status 500 and no internals; people get the error page.
    /// </summary>
    public static void UsePortalExceptionHandler(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) return;
        app.UseWhen(http => IsMachineEndpoint(http.Request.Path),
            machines => machines.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError }));
        app.UseWhen(http => !IsMachineEndpoint(http.Request.Path),
            pages => pages.UseExceptionHandler("/Error", createScopeForErrors: true));
    }

    /// <summary>Seeds the demo companies and users in Development (or when Demo:Seed is true). Production never seeds.</summary>
    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment())) return;
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>Tells a newcomer where the portal is and how to sign in.</summary>
    public static void PrintStartupBanner(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var lines = new List<string> { "", "Circular Portal is running:" };
            lines.AddRange(addresses.Select(a => $"  {a}"));
            if (app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment()))
            {
                lines.Add($"Demo sign-ins (password {DemoSeeder.DemoPassword}):");
                lines.AddRange(DemoSeeder.Accounts.Select(a => $"  {a.Email,-28} {a.Role}{(a.Company is null ? "" : $" of {a.Company}")}"));
            }
            Console.WriteLine(string.Join(Environment.NewLine, lines) + Environment.NewLine);
        });
    }
}
