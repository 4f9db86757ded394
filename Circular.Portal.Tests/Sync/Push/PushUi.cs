using Bunit;
using Circular.Portal.Connections;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>
/// What the push pages need besides <see cref="BunitPortal"/>: the real <see cref="CandidatePushes"/> with its providers,
/// CV links, credential vault and live updates, and an unstarted in-memory scheduler (a retry's wake-up is only stored).
/// </summary>
public static class PushUi
{
    public static void AddPushUi(this BunitContext context, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Portal:PublicUrl"] = "https://portal.test/" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = context.Services;
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IWebHostEnvironment>(new TestEnvironment());
        services.AddOptions<StorageOptions>().Configure(o => o.DataFolder = TestPaths.NewFolder("push-ui"));
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAtsProviders(configuration);
        services.AddSingleton<CredentialVault>();
        services.AddScoped<ConnectionContexts>();
        services.AddSingleton<CvStore>();
        services.AddSingleton<CvLinks>();
        services.AddSingleton<SyncEvents>();
        // Schedulers are kept process-wide by name: one name per test.
        services.AddQuartz(q => q.ConfigureScheduler(s => s.InstanceName = $"push-ui-{Guid.NewGuid():N}"));
        services.AddScoped<SyncScheduler>();
        services.AddScoped<ApplicationWorkflow>();
        // PushOutbox and PushSignals come with BunitPortal.
        services.AddSingleton<PushPayloads>();
        services.AddScoped<CandidatePushes>();
    }

    /// <summary>Stops the test's scheduler (it was never started, but it is registered process-wide).</summary>
    public static async Task StopSchedulerAsync(this BunitContext context)
    {
        var factory = context.Services.GetService<ISchedulerFactory>();
        if (factory is null) return;
        foreach (var scheduler in await factory.GetAllSchedulers()) await scheduler.Shutdown(false);
    }
}
