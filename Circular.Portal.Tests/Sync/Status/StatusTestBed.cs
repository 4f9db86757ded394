using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Sync.Status;

/// <summary>One pushed application on a connection of its own company (with one admin), ready for status observations.</summary>
public sealed record PushedApplication(int CompanyId, int ConnectionId, int ApplicationId, string VendorCandidateId, string VendorApplicationId, string AdminId);

/// <summary>
/// The real portal on its own database with a <see cref="FakeTimeProvider"/>, and helpers that arrange a pushed
/// application (as the push worker leaves it: sent, with the vendor's ids) and apply observations as the worker will.
/// </summary>
public class StatusTestBed : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    public PortalFactory Portal { get; private set; } = null!;

    /// <summary>Settings a test class may add before the portal starts (e.g. the platform webhook URL).</summary>
    public Dictionary<string, string?> Settings { get; } = new() { ["Platform:SendInterval"] = "01:00:00" };

    /// <summary>True for a bed whose portal runs on a fresh PostgreSQL database (nothing starts without PostgreSQL: its tests skip).</summary>
    protected virtual bool OnPostgres => false;

    public async Task InitializeAsync()
    {
        if (OnPostgres)
        {
            if (PostgresTestDatabase.Server is null) return;
            foreach (var (key, value) in PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync())) Settings[key] = value;
        }
        Portal = new PortalFactory(settings: Settings, configure: b => b.ConfigureTestServices(s =>
        {
            if (UseFakeClock) s.AddSingleton<TimeProvider>(Clock);
            ConfigureServices(s);
        }));
        _ = Portal.Services;
    }

    public async Task DisposeAsync()
    {
        if (Portal is not null) await Portal.DisposeAsync();
    }

    /// <summary>The webhook signing secret of every connection the bed makes.</summary>
    public const string WebhookSecret = "whsec-status-5d2a9c";

    /// <summary>
    /// False for a bed whose tests watch the portal's own Quartz schedule: Quartz takes its time from the same
    /// TimeProvider, so a frozen clock would never fire a trigger.
    /// </summary>
    protected virtual bool UseFakeClock => true;

    /// <summary>Test services a derived bed swaps in (a scripted vendor, armed failpoints).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public AsyncServiceScope SystemScope()
    {
        var scope = Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        return scope;
    }

    public AsyncServiceScope ScopeFor(int companyId)
    {
        var scope = Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
        return scope;
    }

    /// <summary>A new company with an admin, a connection of <paramref name="kind"/>, and one candidate pushed and accepted.</summary>
    public async Task<PushedApplication> PushedAsync(AtsKind kind = AtsKind.Workable, string? jobExternalId = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var scope = SystemScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var company = new Company { Name = $"Status {tag}" };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var admin = new PortalUser { UserName = $"admin-{tag}@status.example", Email = $"admin-{tag}@status.example", CompanyId = company.Id, DisplayName = "Admin" };
        Assert.True((await users.CreateAsync(admin)).Succeeded);
        Assert.True((await users.AddToRoleAsync(admin, PortalRoles.CompanyAdmin)).Succeeded);

        var connection = new AtsConnection { CompanyId = company.Id, Kind = kind, PublicId = $"pub-{tag}", State = ConnectionState.Connected, Account = "acct" };
        scope.ServiceProvider.GetRequiredService<CredentialVault>().Store(connection, new ConnectionSecrets { ApiToken = "token-12345678", WebhookSecret = WebhookSecret });
        var job = new Job { CompanyId = company.Id, Title = "Backend engineer", Status = JobStatus.Published };
        var candidate = new Candidate { CompanyId = company.Id, FirstName = "Ada", LastName = $"Lovelace {tag}", Email = $"ada-{tag}@example.com" };
        var application = new Application
        {
            CompanyId = company.Id, PlatformApplicationId = $"plat-{tag}", Job = job, Candidate = candidate, Stage = ApplicationStage.InterviewAccepted,
        };
        db.AddRange(connection, application);
        await db.SaveChangesAsync();
        int? atsJobId = null;
        if (jobExternalId is not null)
        {
            var atsJob = new Circular.Portal.Jobs.AtsJob { CompanyId = company.Id, ConnectionId = connection.Id, ExternalId = jobExternalId, Title = "Backend engineer" };
            db.Add(atsJob);
            await db.SaveChangesAsync();
            atsJobId = atsJob.Id;
        }
        var push = new CandidatePush
        {
            CompanyId = company.Id, ConnectionId = connection.Id, ApplicationId = application.Id, AtsJobId = atsJobId,
            Marker = CandidatePush.MarkerFor(application.Id), State = PushState.Sent,
            VendorCandidateId = $"cand-{tag}", VendorApplicationId = $"app-{tag}", SentAt = Clock.GetUtcNow(),
        };
        db.Add(push);
        await db.SaveChangesAsync();
        return new PushedApplication(company.Id, connection.Id, application.Id, push.VendorCandidateId, push.VendorApplicationId, admin.Id);
    }

    /// <summary>Another accepted candidate pushed over the same connection as <paramref name="pushed"/>.</summary>
    public async Task<PushedApplication> AddPushToAsync(PushedApplication pushed)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var scope = SystemScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var jobId = await db.Applications.Where(a => a.Id == pushed.ApplicationId).Select(a => a.JobId).SingleAsync();
        var application = new Application
        {
            CompanyId = pushed.CompanyId, PlatformApplicationId = $"plat-{tag}", JobId = jobId, Stage = ApplicationStage.InterviewAccepted,
            Candidate = new Candidate { CompanyId = pushed.CompanyId, FirstName = "Grace", LastName = $"Hopper {tag}", Email = $"grace-{tag}@example.com" },
        };
        db.Add(application);
        await db.SaveChangesAsync();
        var push = new CandidatePush
        {
            CompanyId = pushed.CompanyId, ConnectionId = pushed.ConnectionId, ApplicationId = application.Id,
            Marker = CandidatePush.MarkerFor(application.Id), State = PushState.Sent,
            VendorCandidateId = $"cand-{tag}", VendorApplicationId = $"app-{tag}", SentAt = Clock.GetUtcNow(),
        };
        db.Add(push);
        await db.SaveChangesAsync();
        return pushed with { ApplicationId = application.Id, VendorCandidateId = push.VendorCandidateId, VendorApplicationId = push.VendorApplicationId };
    }

    /// <summary>Applies observations of one connection as the worker does (a system job).</summary>
    public async Task<StatusApplyReport> ApplyAsync(PushedApplication pushed, string source, params AtsStatusChange[] observations)
    {
        await using var scope = SystemScope();
        return await scope.ServiceProvider.GetRequiredService<StatusApplier>().ApplyAsync(pushed.ConnectionId, observations, source, default);
    }

    public static AtsStatusChange Observation(PushedApplication pushed, AtsApplicationStatus status, DateTimeOffset at, string? reason = null) =>
        new(pushed.VendorCandidateId, pushed.VendorApplicationId, status, reason, at);

    public Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query) => Portal.QueryAsync(query);
}

/// <summary>The status test bed on PostgreSQL.</summary>
public sealed class PostgresStatusTestBed : StatusTestBed
{
    protected override bool OnPostgres => true;
}
