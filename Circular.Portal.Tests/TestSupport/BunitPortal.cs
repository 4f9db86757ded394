using System.Security.Claims;
using Bunit;
using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>What every bUnit test of a company page needs: MudBlazor, a signed-in company admin, tenancy and the test database.</summary>
public static class BunitPortal
{
    /// <param name="clock">The portal's clock; MudBlazor's debounced inputs wait on it, so pass the real one where they are used.</param>
    public static void AddPortal(this BunitContext context, TestDb db, int companyId, string adminEmail, TimeProvider clock)
    {
        var services = context.Services;
        services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = context.AddAuthorization();
        auth.SetAuthorized(adminEmail);
        auth.SetRoles(PortalRoles.CompanyAdmin);
        auth.SetPolicies(PortalPolicies.CompanyAdmin, PortalPolicies.WriteAllowed, PortalPolicies.NotImpersonating);
        auth.SetClaims(new Claim(PortalClaims.CompanyId, companyId.ToString()));
        services.AddSingleton(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantSaveGuard>();
        services.AddScoped<TimestampInterceptor>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<Circular.Portal.Data.Audit.AuditInterceptor>();
        services.AddSingleton<Circular.Portal.Sync.Push.PushOutbox>();
        services.AddSingleton<Circular.Portal.Sync.Push.PushSignals>();
        var connection = $"Data Source={Path.Combine(db.Folder, "portal.db")}";
        services.AddDbContextFactory<PortalDbContext>((sp, o) => o.UseSqlite(connection)
            .AddInterceptors(sp.GetRequiredService<TenantSaveGuard>(), sp.GetRequiredService<TimestampInterceptor>(),
                sp.GetRequiredService<Circular.Portal.Data.Audit.AuditInterceptor>()), ServiceLifetime.Scoped);
    }
}
