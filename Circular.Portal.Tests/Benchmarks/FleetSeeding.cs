using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Greenhouse;
using Circular.Portal.Sandbox.Lever;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Sandbox.Teamtailor;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// The fleet's data folder: companies connected through the real lifecycle (token vendors by token, Lever and Greenhouse
/// through the Sandbox consent page) to a Sandbox account of their own with one job, round robin over the five vendors,
/// each following one application Circular pushed there earlier (so every poll asks the vendor). Written by an in-process
/// portal whose Quartz is never started: the connections' workers and status triggers wait in the store for the portal
/// process that polls them.
/// </summary>
public static class FleetSeeding
{
    /// <summary>One data folder, database and Quartz scheduler name for every start of the fleet's portal process.</summary>
    public static Dictionary<string, string?> Settings(SandboxHost sandbox, string folder, string instanceName, TimeSpan pollInterval) =>
        new(sandbox.ProviderConfiguration())
        {
            ["Storage:DataFolder"] = folder,
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(folder, "portal.db")}",
            ["Marketplace:ApiKey"] = PortalFactory.PlatformKey,
            ["Sandbox:UseForProviders"] = "false",
            ["Sandbox:Enabled"] = "false",
            ["Demo:Seed"] = "false",
            ["Quartz:InstanceName"] = instanceName,
            ["Portal:PublicUrl"] = "https://portal.example.test",
            ["Sync:StatusPollInterval"] = pollInterval.ToString("c", CultureInfo.InvariantCulture),
            // Status polls only: the job listing (every 15 min) is not part of this figure.
            ["Sync:JobSyncInterval"] = TimeSpan.FromDays(1).ToString("c", CultureInfo.InvariantCulture),
        };

    /// <summary>Connects <paramref name="count"/> companies; returns their connection ids.</summary>
    public static async Task<List<int>> SeedAsync(SandboxHost sandbox, Dictionary<string, string?> settings, string folder, int count)
    {
        await using var portal = new PortalFactory(settings: settings, dataFolder: folder, configure: b => b.ConfigureTestServices(WithoutQuartzRunning));
        // Greenhouse's token endpoint allows 30 grants a minute for the one client: at the benchmark's common factor, like every limit.
        sandbox.Services.GetRequiredService<SandboxRateLimiter>().Scale = BenchmarkScale.RateLimits;
        portal.Services.GetRequiredService<AtsRateGate>().Scale = BenchmarkScale.RateLimits;
        var kinds = Enum.GetValues<AtsKind>();
        var companies = await portal.QueryAsync(async db =>
        {
            var made = Enumerable.Range(0, count).Select(i => new Company { Name = $"Fleet {i:D5}" }).ToList();
            db.Companies.AddRange(made);
            await db.SaveChangesAsync();
            return made.Select(c => c.Id).ToList();
        });
        var connections = new List<(int Id, string? Candidate)>(count);
        for (var i = 0; i < count; i++) connections.Add(await ConnectAsync(portal, sandbox, companies[i], kinds[i % kinds.Length]));
        await TrackOneApplicationEachAsync(portal, companies, connections);
        return connections.Select(c => c.Id).ToList();
    }

    /// <summary>The scheduler stays in standby: what is scheduled is stored, nothing fires in this process.</summary>
    private static void WithoutQuartzRunning(IServiceCollection services)
    {
        var quartz = services.Where(d => d.ServiceType == typeof(IHostedService)
                                          && (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Name == "QuartzHostedService").ToList();
        if (quartz.Count != 1) throw new InvalidOperationException($"Expected Quartz's one hosted service, found {quartz.Count}");
        services.Remove(quartz[0]);
    }

    /// <summary>The connection, and for Recruitee a real candidate at the vendor to follow (its poll reads each followed candidate).</summary>
    private static async Task<(int Id, string? Candidate)> ConnectAsync(PortalFactory portal, SandboxHost sandbox, int companyId, AtsKind kind)
    {
        var name = $"Fleet {companyId}";
        var requestBase = new Uri("http://localhost/");
        await using var scope = portal.ScopeFor(companyId);
        var lifecycle = scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>();
        TokenConnectRequest? token = kind switch
        {
            AtsKind.Workable => sandbox.Emulator<WorkableEmulator>().AddAccount(name, 1) is var w ? new(kind, w.Subdomain, w.ApiToken) : null,
            AtsKind.Teamtailor => sandbox.Emulator<TeamtailorEmulator>().AddAccount(name, 1) is var t ? new(kind, t.Region, t.AdminKey) : null,
            AtsKind.Recruitee => sandbox.Emulator<RecruiteeEmulator>().AddAccount(name, 1) is var r ? new(kind, r.CompanyId, r.ApiToken) : null,
            _ => null,
        };
        if (token is not null)
        {
            var id = Connected(await lifecycle.ConnectWithTokenAsync(token, requestBase, default));
            return (id, kind == AtsKind.Recruitee ? await RecruiteeCandidateAsync(sandbox, token, name) : null);
        }

        var choices = kind == AtsKind.Lever
            ? sandbox.Emulator<LeverEmulator>().AddAccount(name, 1) is var l ? new Dictionary<string, string> { ["login"] = $"{l.AccountId}|{l.UserId}" } : null
            : new Dictionary<string, string> { ["account_id"] = sandbox.Emulator<GreenhouseEmulator>().AddAccount(name, 1).AccountId };
        var flow = scope.ServiceProvider.GetRequiredService<OAuthFlow>();
        const string user = "fleet-admin";
        var authorize = await flow.BeginAsync(kind, kind == AtsKind.Lever ? "production" : null, user, requestBase, default);
        var (code, state, error) = await ConsentDriver.DecideAsync(authorize, approve: true, choices);
        var (_, outcome) = await flow.CompleteAsync(state, code, error, user, requestBase, default);
        return (Connected(outcome), null);
    }

    /// <summary>A candidate added in Recruitee by its API (as a recruiter's own tool would), with no placement Circular made.</summary>
    private static async Task<string> RecruiteeCandidateAsync(SandboxHost sandbox, TokenConnectRequest account, string name)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.Root, $"recruitee/c/{account.Account}/candidates"))
        {
            Content = JsonContent.Create(new { candidate = new { name = $"{name} candidate", emails = new[] { $"{Guid.NewGuid():N}@fleet.example" } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonObject>();
        return created!["candidate"]!["id"]!.ToString();
    }

    private static int Connected(ConnectOutcome outcome) =>
        outcome.Succeeded ? outcome.ConnectionId!.Value : throw new InvalidOperationException(outcome.Message);

    /// <summary>One open application per company whose candidate was pushed to its connection earlier (sent, the vendor's ids known).</summary>
    private static Task TrackOneApplicationEachAsync(PortalFactory portal, List<int> companies, List<(int Id, string? Candidate)> connections) => portal.QueryAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var applications = companies.Select((companyId, i) => new Application
        {
            CompanyId = companyId, PlatformApplicationId = $"fleet-{companyId}", Stage = ApplicationStage.InterviewAccepted, StageChangedAt = now,
            Job = new Job { CompanyId = companyId, Title = "Fleet engineer", Status = JobStatus.Published },
            Candidate = new Candidate { CompanyId = companyId, FirstName = "Fleet", LastName = $"Candidate {i}", Email = $"fleet.{companyId}@example.com" },
        }).ToList();
        db.Applications.AddRange(applications);
        await db.SaveChangesAsync();
        db.AddRange(applications.Select((a, i) => new CandidatePush
        {
            CompanyId = a.CompanyId, ConnectionId = connections[i].Id, ApplicationId = a.Id, State = PushState.Sent, Marker = $"fleet-{a.CompanyId}",
            // Recruitee is asked about each followed candidate, so its one must exist; the others are asked what changed since.
            VendorCandidateId = connections[i].Candidate ?? $"fleet-candidate-{a.CompanyId}", VendorApplicationId = $"fleet-application-{a.CompanyId}",
        }));
        return await db.SaveChangesAsync();
    });
}
