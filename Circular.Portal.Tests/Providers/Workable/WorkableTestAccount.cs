using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Providers.Workable;

/// <summary>An isolated emulator account and the real provider pointed at it, one per test so none share limits or data.</summary>
internal sealed class WorkableTestAccount : IDisposable
{
    private readonly ServiceProvider _services;

    public WorkableTestAccount(SandboxFixture fixture, int jobCount = 3, string[]? scopes = null, IDictionary<string, string?>? settings = null)
    {
        Emulator = fixture.Emulator<WorkableEmulator>();
        Account = Emulator.AddAccount("Acme Test", jobCount, scopes ?? []);
        _services = fixture.ProviderServices(extraSettings: settings);
        Provider = SandboxFixture.Provider(_services, AtsKind.Workable);
        Connection = ConnectionWith(Account.Subdomain, Account.ApiToken);
    }

    public WorkableEmulator Emulator { get; }

    public WorkableSandboxAccount Account { get; }

    public IAtsProvider Provider { get; }

    public AtsConnectionContext Connection { get; }

    public string Id => Account.Subdomain;

    public static AtsConnectionContext ConnectionWith(string subdomain, string token) =>
        new($"workable-test-{Guid.NewGuid():N}", new AtsCredentials { Account = subdomain, ApiToken = token });

    public static AtsCandidatePush Push(string jobShortcode, string marker, string email = "ana.silva@example.org", AtsCvFile? cv = null) =>
        new(marker, jobShortcode, "Ana", "Silva", email, "+351 910 000 111", "https://www.linkedin.com/in/ana-silva-example", cv,
            "Introduced by Circular: strong .NET background, available in May.");

    public string OpenJobShortcode => Emulator.Jobs(Id).First(j => j.Status == "published").Id;

    public async Task<List<AtsJobRecord>> ListJobsAsync(DateTimeOffset? updatedSince = null)
    {
        var jobs = new List<AtsJobRecord>();
        await foreach (var job in Provider.ListJobsAsync(Connection, updatedSince, CancellationToken.None)) jobs.Add(job);
        return jobs;
    }

    public int RequestCount(string prefix) => Emulator.Requests(Id).Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    public void Dispose() => _services.Dispose();
}
