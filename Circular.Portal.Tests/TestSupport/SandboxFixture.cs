using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// The ATS Sandbox on its own Kestrel port (127.0.0.1:0), shared by a test collection, and a provider container whose
/// configured vendor URLs point at it: the only difference from talking to the real vendors.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public T Emulator<T>() where T : ISandboxEmulator => Host.Emulator<T>();

    /// <summary>A fresh container with the real providers, the real HTTP pipeline, and the vendors' URLs set to this sandbox.</summary>
    public ServiceProvider ProviderServices(TimeProvider? clock = null, IDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>(Host.ProviderConfiguration());
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddAtsProviders(configuration);
        return services.BuildServiceProvider();
    }

    public static IAtsProvider Provider(IServiceProvider services, AtsKind kind) =>
        services.GetRequiredService<AtsProviders>().Get(kind);
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Sandbox";
}
