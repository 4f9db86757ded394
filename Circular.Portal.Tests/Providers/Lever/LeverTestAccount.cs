using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Lever;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Providers.Lever;

/// <summary>An isolated emulated Lever account and the real provider wired to it over HTTP.</summary>
internal sealed class LeverTestAccount : IDisposable
{
    private readonly ServiceProvider _services;

    public LeverTestAccount(SandboxFixture fixture, int jobCount = 8, string environment = "production",
        IReadOnlyCollection<string>? scopes = null, IDictionary<string, string?>? settings = null)
    {
        Emulator = fixture.Emulator<LeverEmulator>();
        Account = Emulator.AddAccount("Test Co " + Guid.NewGuid().ToString("N")[..6], jobCount, environment, scopes);
        _services = fixture.ProviderServices(extraSettings: settings);
        Provider = SandboxFixture.Provider(_services, AtsKind.Lever);
        Connection = For(Account.AccessToken, environment);
    }

    public LeverEmulator Emulator { get; }
    public LeverSandboxAccount Account { get; }
    public IAtsProvider Provider { get; }
    public IAtsOAuth OAuth => Provider.OAuth!;
    public AtsConnectionContext Connection { get; }

    public AtsConnectionContext For(string accessToken, string environment) =>
        new("lever-" + Account.AccountId + "-" + Guid.NewGuid().ToString("N")[..4],
            new AtsCredentials { AccessToken = accessToken, Environment = environment, ActingUserId = Account.UserId });

    public string OpenJobId() => Emulator.Jobs(Account.AccountId).First(j => j.Status == "published").Id;

    public AtsCandidatePush Push(string? marker = null, string? email = null, bool withCv = true, string? jobId = null) => new(
        marker ?? "circular-app-" + Guid.NewGuid().ToString("N")[..8],
        jobId ?? OpenJobId(),
        "Eva",
        "de Vries",
        email ?? $"eva.{Guid.NewGuid():N}@example.org",
        "+31 6 1234 5678",
        "https://www.linkedin.com/in/eva-de-vries-example",
        withCv ? new AtsCvFile("eva-de-vries-cv.pdf", "application/pdf", "%PDF-1.7 Eva's CV"u8.ToArray(), new Uri("https://portal.example/cv/abc?sig=short-lived")) : null,
        "Interviewed by Circular: strong .NET background, available in May.");

    public void Dispose() => _services.Dispose();
}
