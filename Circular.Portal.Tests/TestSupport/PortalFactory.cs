using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// The real portal (Development environment, demo data seeded) on its own SQLite file and data folder.
/// With <c>kestrel: true</c> it listens on 127.0.0.1 for a real browser. <c>environment: "Production"</c> runs it as
/// Production (no demo data, no sandbox); give it Production's required settings (<see cref="ProductionSettings"/>).
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string PlatformKey = "test-platform-key";
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IWebHostBuilder>? _configure;
    private readonly string _environment;

    public PortalFactory(bool kestrel = false, IDictionary<string, string?>? settings = null, string? dataFolder = null, Action<IWebHostBuilder>? configure = null,
        string environment = "Development", int port = 0)
    {
        _configure = configure;
        _environment = environment;
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
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, port));
    }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "portal.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        _configure?.Invoke(builder);
    }

    /// <summary>
    /// What Production requires: the public https address and a key ring certificate kept outside the data folder
    /// (a fresh self-signed one per call).
    /// </summary>
    public static Dictionary<string, string?> ProductionSettings(string publicUrl = "https://portal.example")
    {
        var folder = TestPaths.NewFolder("keyring-certificate");
        var path = Path.Combine(folder, "keyring.pfx");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=Circular Portal key ring (tests)", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "test-password"));
        return new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = publicUrl,
            ["DataProtection:CertificatePath"] = path,
            ["DataProtection:CertificatePassword"] = "test-password",
        };
    }
}
