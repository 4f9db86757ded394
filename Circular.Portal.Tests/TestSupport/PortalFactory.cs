using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// The real portal (Development environment, demo data seeded) on its own SQLite file and data folder.
/// With <c>kestrel: true</c> it listens on 127.0.0.1 for a real browser.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string PlatformKey = "test-platform-key";
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IWebHostBuilder>? _configure;

    public PortalFactory(bool kestrel = false, IDictionary<string, string?>? settings = null, string? dataFolder = null, Action<IWebHostBuilder>? configure = null)
    {
        _configure = configure;
        DataFolder = dataFolder ?? TestPaths.NewFolder("portal");
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataFolder"] = DataFolder,
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(DataFolder, "portal.db")}",
            ["Marketplace:ApiKey"] = PlatformKey,
            ["Sandbox:UseForProviders"] = "false",
            // Quartz keeps schedulers in a process-wide registry by name: one name per portal in the test process.
            ["Quartz:InstanceName"] = $"tests-{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "portal.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        _configure?.Invoke(builder);
    }
}
