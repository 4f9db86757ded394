using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Teamtailor;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Providers.Teamtailor;

/// <summary>The real provider over real HTTP against the Teamtailor emulator; each test makes its own account.</summary>
public abstract class TeamtailorTestBase(SandboxFixture sandbox) : IDisposable
{
    private readonly ServiceProvider _services = sandbox.ProviderServices();

    protected TeamtailorEmulator Emulator => sandbox.Emulator<TeamtailorEmulator>();

    protected IAtsProvider Provider => SandboxFixture.Provider(_services, AtsKind.Teamtailor);

    protected Uri SandboxRoot => sandbox.Host.Root;

    protected TeamtailorSandboxAccount NewAccount(int jobs = 10, string region = "eu") =>
        Emulator.AddAccount($"Test company {Guid.NewGuid():N}", jobs, region);

    protected static AtsConnectionContext Connect(TeamtailorSandboxAccount account, string? key = null, string? region = null) =>
        new($"conn-{account.Id}-{Guid.NewGuid():N}", new AtsCredentials { ApiToken = key ?? account.AdminKey, Account = region ?? account.Region });

    protected string OpenJobId(TeamtailorSandboxAccount account, int index = 0) =>
        Emulator.Jobs(account.Id).Where(j => j.Status == "published").ElementAt(index).Id;

    protected static AtsCandidatePush Push(string jobId, string email, string marker = "circular-app-1", string? linkedIn = null, AtsCvFile? cv = null) =>
        new(marker, jobId, "Ana", "Silva", email, "+351910000111", linkedIn, cv, "Strong backend profile; interviewed on Circular.");

    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}
