using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Circular.Portal.Sandbox;

/// <summary>
/// The sandbox on a port of its own, without the portal: tests restart the portal while the "ATS" keeps its state,
/// and support can run it beside a portal to reproduce a problem (<c>dotnet run --project Circular.Portal -- --sandbox-only</c>).
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. http://127.0.0.1:5090/ — the vendors' APIs are below <see cref="Root"/>.</summary>
    public Uri BaseUrl { get; }

    public Uri Root => SandboxRegistration.SandboxRoot(BaseUrl.ToString());

    public IServiceProvider Services => _app.Services;

    public IEnumerable<ISandboxEmulator> Emulators => _app.Services.GetServices<ISandboxEmulator>();

    public T Emulator<T>() where T : ISandboxEmulator => Emulators.OfType<T>().Single();

    /// <summary>Every provider setting that points at this host, for a test's or a portal's configuration.</summary>
    public IReadOnlyDictionary<string, string?> ProviderConfiguration() =>
        Emulators.SelectMany(e => e.ProviderConfiguration(Root)).ToDictionary(kv => kv.Key, kv => kv.Value);

    public static async Task<SandboxHost> StartAsync(string url = "http://127.0.0.1:0", Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRouting();
        builder.Services.AddSandboxEmulators();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseSandboxFaults();
        app.MapSandbox();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
