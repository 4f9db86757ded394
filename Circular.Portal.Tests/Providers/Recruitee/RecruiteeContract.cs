using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Providers.Recruitee;

/// <summary>The real Recruitee provider over real HTTP against the sandbox emulator; each test makes its own company.</summary>
public abstract class RecruiteeContract : IDisposable
{
    private readonly ServiceProvider _services;

    protected RecruiteeContract(SandboxFixture sandbox)
    {
        Sandbox = sandbox;
        _services = sandbox.ProviderServices();
        Provider = SandboxFixture.Provider(_services, AtsKind.Recruitee);
        Emulator = sandbox.Emulator<RecruiteeEmulator>();
    }

    protected SandboxFixture Sandbox { get; }

    protected IAtsProvider Provider { get; }

    protected RecruiteeEmulator Emulator { get; }

    protected static AtsConnectionContext Connect(RecruiteeSandboxAccount account, string? token = null, string? company = null) =>
        new($"recruitee-test-{account.CompanyId}", new AtsCredentials { ApiToken = token ?? account.ApiToken, Account = company ?? account.CompanyId });

    protected static AtsCandidatePush Push(string marker, string jobId, string email = "ana.silva@example.org") => new(
        marker, jobId, "Ana", "Silva", email, "+351910000111", "https://www.linkedin.com/in/ana-silva-example",
        new AtsCvFile("ana-silva.pdf", "application/pdf", "%PDF-1.7"u8.ToArray(), new Uri($"https://portal.example/cv/{marker}?sig=abc")),
        "Met on Circular: strong backend profile.");

    /// <summary>The id of an open (published) offer of the account.</summary>
    protected string OpenJob(RecruiteeSandboxAccount account, int skip = 0) =>
        Emulator.Jobs(account.CompanyId).Where(j => j.Status == "published").Skip(skip).First().Id;

    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }
}
