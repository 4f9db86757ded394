using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Greenhouse;
using Circular.Portal.Sandbox.Lever;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Sandbox.Teamtailor;
using Circular.Portal.Sandbox.Workable;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>A company connected to a Sandbox account of its own, and the key the Sandbox counts that account's requests under.</summary>
public sealed record SandboxTenant(int CompanyId, AtsKind Kind, int ConnectionId, string AccountId, string RateKey);

public static class SandboxTenants
{
    /// <summary>
    /// Gives the company a fresh Sandbox account with <paramref name="jobCount"/> jobs, for every vendor (Lever and
    /// Greenhouse through their consent page, choosing that account), and connects it through the real lifecycle.
    /// </summary>
    public static async Task<SandboxTenant> ConnectOwnAccountAsync(this IntegrationFixture fixture, int companyId, AtsKind kind, int jobCount)
    {
        var name = $"Company {companyId}";
        switch (kind)
        {
            case AtsKind.Workable:
                var workable = fixture.Emulator<WorkableEmulator>().AddAccount(name, jobCount);
                return new(companyId, kind, await fixture.ConnectWithTokenAsync(companyId, kind, workable.Subdomain, workable.ApiToken), workable.Subdomain, "workable:" + workable.Subdomain);
            case AtsKind.Teamtailor:
                var teamtailor = fixture.Emulator<TeamtailorEmulator>().AddAccount(name, jobCount);
                return new(companyId, kind, await fixture.ConnectWithTokenAsync(companyId, kind, teamtailor.Region, teamtailor.AdminKey), teamtailor.Id, "teamtailor:" + teamtailor.AdminKey);
            case AtsKind.Recruitee:
                var recruitee = fixture.Emulator<RecruiteeEmulator>().AddAccount(name, jobCount);
                return new(companyId, kind, await fixture.ConnectWithTokenAsync(companyId, kind, recruitee.CompanyId, recruitee.ApiToken), recruitee.CompanyId, "recruitee:" + recruitee.ApiToken);
            case AtsKind.Lever:
                var lever = fixture.Emulator<LeverEmulator>().AddAccount(name, jobCount);
                var leverConnection = await fixture.ConnectWithOAuthAsync(companyId, kind, new Dictionary<string, string> { ["login"] = $"{lever.AccountId}|{lever.UserId}" });
                return new(companyId, kind, leverConnection.Id, lever.AccountId, $"lever:{lever.AccountId}:{lever.Environment}");
            case AtsKind.Greenhouse:
                var greenhouse = fixture.Emulator<GreenhouseEmulator>().AddAccount(name, jobCount);
                var greenhouseConnection = await fixture.ConnectWithOAuthAsync(companyId, kind, new Dictionary<string, string> { ["account_id"] = greenhouse.AccountId });
                return new(companyId, kind, greenhouseConnection.Id, greenhouse.AccountId, "greenhouse:" + greenhouse.AccountId);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Requests the Sandbox has counted for the tenant's account so far (429s included).</summary>
    public static SandboxRateCount Requests(this IntegrationFixture fixture, SandboxTenant tenant) =>
        fixture.Sandbox.Services.GetRequiredService<SandboxRateLimiter>().Count(tenant.RateKey);

    public static SandboxFaults Faults(this IntegrationFixture fixture, SandboxTenant tenant) =>
        fixture.Sandbox.Emulators.Single(e => e.Vendor == tenant.Kind.ToString().ToLowerInvariant()).Faults(tenant.AccountId);
}
