using System.Globalization;
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
        var kinds = Enum.GetValues<AtsKind>();
        var companies = await portal.QueryAsync(async db =>
        {
            var made = Enumerable.Range(0, count).Select(i => new Company { Name = $"Fleet {i:D5}" }).ToList();
            db.Companies.AddRange(made);
            await db.SaveChangesAsync();
            return made.Select(c => c.Id).ToList();
        });
        var connections = new List<int>(count);
        for (var i = 0; i < count; i++) connections.Add(await ConnectAsync(portal, sandbox, companies[i], kinds[i % kinds.Length]));
        await TrackOneApplicationEachAsync(portal, companies, connections);
        return connections;
    }

    /// <summary>The scheduler stays in standby: what is scheduled is stored, nothing fires in this process.</summary>
    private static void WithoutQuartzRunning(IServiceCollection services)
    {
        var quartz = services.Where(d => d.ServiceType == typeof(IHostedService)
                                          && (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Name == "QuartzHostedService").ToList();
        if (quartz.Count != 1) throw new InvalidOperationException($"Expected Quartz's one hosted service, found {quartz.Count}");
        services.Remove(quartz[0]);
    }

    private static async Task<int> ConnectAsync(PortalFactory portal, SandboxHost sandbox, int companyId, AtsKind kind)
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
        if (token is not null) return Connected(await lifecycle.ConnectWithTokenAsync(token, requestBase, default));

        var choices = kind == AtsKind.Lever
            ? sandbox.Emulator<LeverEmulator>().AddAccount(name, 1) is var l ? new Dictionary<string, string> { ["login"] = $"{l.AccountId}|{l.UserId}" } : null
            : new Dictionary<string, string> { ["account_id"] = sandbox.Emulator<GreenhouseEmulator>().AddAccount(name, 1).AccountId };
        var flow = scope.ServiceProvider.GetRequiredService<OAuthFlow>();
        const string user = "fleet-admin";
        var authorize = await flow.BeginAsync(kind, kind == AtsKind.Lever ? "production" : null, user, requestBase, default);
        var (code, state, error) = await ConsentDriver.DecideAsync(authorize, approve: true, choices);
        var (_, outcome) = await flow.CompleteAsync(state, code, error, user, requestBase, default);
        return Connected(outcome);
    }

    private static int Connected(ConnectOutcome outcome) =>
        outcome.Succeeded ? outcome.ConnectionId!.Value : throw new InvalidOperationException(outcome.Message);

    /// <summary>One open application per company whose candidate was pushed to its connection earlier (sent, the vendor's ids known).</summary>
    private static Task TrackOneApplicationEachAsync(PortalFactory portal, List<int> companies, List<int> connections) => portal.QueryAsync(async db =>
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
            CompanyId = a.CompanyId, ConnectionId = connections[i], ApplicationId = a.Id, State = PushState.Sent, Marker = $"fleet-{a.CompanyId}",
            VendorCandidateId = $"fleet-candidate-{a.CompanyId}", VendorApplicationId = $"fleet-application-{a.CompanyId}",
        }));
        return await db.SaveChangesAsync();
    });
}
