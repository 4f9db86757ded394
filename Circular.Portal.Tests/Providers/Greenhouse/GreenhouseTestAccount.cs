using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Greenhouse;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Providers.Greenhouse;

/// <summary>An isolated sandbox organization and the real provider connected to it over HTTP.</summary>
internal sealed class GreenhouseTestAccount : IDisposable
{
    private readonly ServiceProvider _services;

    private GreenhouseTestAccount(SandboxFixture fixture, int jobs, bool circularSource = true)
    {
        Emulator = fixture.Emulator<GreenhouseEmulator>();
        Credentials = Emulator.AddAccount($"Test Org {Guid.NewGuid():N}"[..16], jobs, circularSource);
        _services = fixture.ProviderServices();
        Provider = SandboxFixture.Provider(_services, AtsKind.Greenhouse);
        Connection = ConnectionWith(Credentials.AccessToken);
    }

    public GreenhouseEmulator Emulator { get; }
    public GreenhouseSandboxCredentials Credentials { get; }
    public IAtsProvider Provider { get; }
    public AtsConnectionContext Connection { get; }
    public IAtsOAuth OAuth => Provider.OAuth!;
    public string AccountId => Credentials.AccountId;

    public static GreenhouseTestAccount Create(SandboxFixture fixture, int jobs = 5, bool circularSource = true) => new(fixture, jobs, circularSource);

    public AtsConnectionContext ConnectionWith(string accessToken, string? actingUserId = null) =>
        new("gh-" + Credentials.AccountId + "-" + Guid.NewGuid().ToString("N")[..6], new AtsCredentials { AccessToken = accessToken, ActingUserId = actingUserId });

    public async Task<List<AtsJobRecord>> JobsAsync(DateTimeOffset? updatedSince = null)
    {
        var jobs = new List<AtsJobRecord>();
        await foreach (var job in Provider.ListJobsAsync(Connection, updatedSince, CancellationToken.None)) jobs.Add(job);
        return jobs;
    }

    public async Task<AtsJobRecord> OpenJobAsync() => (await JobsAsync()).First(j => j.Status == AtsJobStatus.Open);

    public static AtsCandidatePush Push(string marker, string jobId, string email, AtsCvFile? cv = null) => new(
        marker, jobId, "Eva", "de Vries", email, "+31 6 1234 5678", "https://www.linkedin.com/in/eva-de-vries-example", cv,
        "Introduced by Circular: strong .NET background.");

    public static AtsCvFile Cv(byte[] content) =>
        new("eva-de-vries-cv.pdf", "application/pdf", content, new Uri("https://portal.circular.example/cv/signed/abc"));

    public void Dispose() => _services.Dispose();
}
