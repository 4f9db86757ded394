using Circular.Portal.Data.Audit;
using Circular.Portal.Sync.Health;

namespace Circular.Portal.Support;

public static class SupportRegistration
{
    /// <summary>Support staff: the console, impersonation, the audit log's writer, and the sync health pages they share with admins.</summary>
    public static IHostApplicationBuilder AddSupport(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SupportOptions>().Bind(builder.Configuration.GetSection("Support"));
        services.AddScoped<Auditor>();
        services.AddScoped<Impersonation>();
        services.AddScoped<SupportConsole>();
        services.AddScoped<SupportAccess>();
        services.AddScoped<SyncHealth>();
        return builder;
    }
}
