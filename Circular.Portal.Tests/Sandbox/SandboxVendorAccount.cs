using System.Net.Http.Headers;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Greenhouse;
using Circular.Portal.Sandbox.Lever;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Sandbox.Teamtailor;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sandbox;

/// <summary>
/// A fresh account in any vendor's emulator with the real provider connected to it over HTTP, so one test can run for all
/// five vendors. <see cref="JobLookup"/> is the vendor's own single-job call, made by hand.
/// </summary>
internal sealed class SandboxVendorAccount : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<string, HttpRequestMessage> _lookup;

    private SandboxVendorAccount(
        SandboxFixture fixture, ISandboxEmulator emulator, AtsKind kind, string accountId, AtsCredentials credentials, Func<string, HttpRequestMessage> lookup)
    {
        _services = fixture.ProviderServices();
        _lookup = lookup;
        Emulator = emulator;
        AccountId = accountId;
        Provider = SandboxFixture.Provider(_services, kind);
        Connection = new AtsConnectionContext($"job-changes-{kind}-{Guid.NewGuid():N}", credentials);
    }

    public ISandboxEmulator Emulator { get; }

    public string AccountId { get; }

    public IAtsProvider Provider { get; }

    public AtsConnectionContext Connection { get; }

    public static SandboxVendorAccount Create(SandboxFixture fixture, AtsKind kind, int jobCount)
    {
        var root = fixture.Host.Root.AbsoluteUri;
        var name = "Job Changes " + Guid.NewGuid().ToString("N")[..6];
        switch (kind)
        {
            case AtsKind.Workable:
            {
                var emulator = fixture.Emulator<WorkableEmulator>();
                var a = emulator.AddAccount(name, jobCount);
                return new(fixture, emulator, kind, a.Subdomain, new AtsCredentials { Account = a.Subdomain, ApiToken = a.ApiToken },
                    id => Get($"{root}workable/{a.Subdomain}/spi/v3/jobs/{id}", "Bearer", a.ApiToken));
            }
            case AtsKind.Greenhouse:
            {
                var emulator = fixture.Emulator<GreenhouseEmulator>();
                var a = emulator.AddAccount(name, jobCount);
                // Harvest v3 has no single-job path: a lookup is the list filtered by ids.
                return new(fixture, emulator, kind, a.AccountId, new AtsCredentials { AccessToken = a.AccessToken },
                    id => Get($"{root}greenhouse/v3/jobs?ids={id}", "Bearer", a.AccessToken));
            }
            case AtsKind.Teamtailor:
            {
                var emulator = fixture.Emulator<TeamtailorEmulator>();
                var a = emulator.AddAccount(name, jobCount);
                return new(fixture, emulator, kind, a.Id, new AtsCredentials { ApiToken = a.AdminKey, Account = a.Region }, id =>
                {
                    var request = Get($"{root}teamtailor/{a.Region}/v1/jobs/{id}", "Token", $"token={a.AdminKey}");
                    request.Headers.Add("X-Api-Version", TeamtailorEmulator.ApiVersion);
                    return request;
                });
            }
            case AtsKind.Recruitee:
            {
                var emulator = fixture.Emulator<RecruiteeEmulator>();
                var a = emulator.AddAccount(name, jobCount);
                return new(fixture, emulator, kind, a.CompanyId, new AtsCredentials { ApiToken = a.ApiToken, Account = a.CompanyId },
                    id => Get($"{root}recruitee/c/{a.CompanyId}/offers/{id}", "Bearer", a.ApiToken));
            }
            case AtsKind.Lever:
            {
                var emulator = fixture.Emulator<LeverEmulator>();
                var a = emulator.AddAccount(name, jobCount);
                return new(fixture, emulator, kind, a.AccountId,
                    new AtsCredentials { AccessToken = a.AccessToken, Environment = a.Environment, ActingUserId = a.UserId },
                    id => Get($"{root}lever/v1/postings/{id}", "Bearer", a.AccessToken));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Subscribes <paramref name="url"/> to candidate moves the way the vendor's admin would (Workable subscribes through its API; not here).</summary>
    public void SubscribeToMoves(Uri url)
    {
        switch (Emulator)
        {
            case GreenhouseEmulator greenhouse: greenhouse.ConfigureWebhook(AccountId, url, "job-changes-secret"); break;
            case TeamtailorEmulator teamtailor: teamtailor.ConfigureWebhook(AccountId, url, "job-changes-secret"); break;
            case RecruiteeEmulator recruitee: recruitee.SetWebhook(AccountId, url, "job-changes-secret"); break;
            case LeverEmulator lever: lever.AddWebhook(AccountId, "candidateStageChange", url); break;
        }
    }

    public async Task<List<AtsJobRecord>> ListJobsAsync(DateTimeOffset? updatedSince = null) =>
        await Provider.ListJobsAsync(Connection, updatedSince, CancellationToken.None).ToListAsync();

    /// <summary>Asks the vendor's API for one job; true when the answer is a success that names it.</summary>
    public async Task<bool> LookUpAsync(string jobId)
    {
        using var http = new HttpClient();
        using var response = await http.SendAsync(_lookup(jobId));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode && body.Contains(jobId, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Get(string url, string scheme, string parameter)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, parameter);
        return request;
    }

    public void Dispose() => _services.Dispose();
}
