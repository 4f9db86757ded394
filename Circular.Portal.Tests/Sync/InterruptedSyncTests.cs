using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Circular.Portal.Tests.Sync;

/// <summary>
/// A portal stopped in the middle of a first sync, then started again over the same SQLite file and Quartz tables,
/// with the ATS Sandbox on its own port so the vendor keeps its state across the restart.
/// </summary>
public sealed class InterruptedSyncTests : IAsyncLifetime
{
    private const string FinishedTitle = "Workable: first sync finished";
    private SandboxHost _sandbox = null!;
    private SmtpSink _smtp = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync();
        _smtp = new SmtpSink();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    private WorkableEmulator Workable => _sandbox.Emulator<WorkableEmulator>();

    /// <summary>The same data folder and Quartz scheduler name make a restart of the same portal.</summary>
    private PortalFactory StartPortal(string folder, string schedulerName)
    {
        var settings = new Dictionary<string, string?>(_sandbox.ProviderConfiguration())
        {
            ["Sandbox:Enabled"] = "false",
            ["Quartz:InstanceName"] = schedulerName,
            ["Portal:PublicUrl"] = "https://portal.example.test",
        };
        foreach (var (key, value) in _smtp.Settings()) settings[key] = value;
        var portal = new PortalFactory(settings: settings, dataFolder: folder);
        _ = portal.Services; // starts the host: migrations, the start-up sweep, Quartz
        return portal;
    }

    /// <summary>Connects Workable with a slow Sandbox account and returns once its first sync is running (listing jobs).</summary>
    private async Task<(int CompanyId, string Admin, int ConnectionId, long RunId)> ConnectAndCatchTheFirstSyncRunningAsync(PortalFactory portal, string company, string subdomain, string token)
    {
        var (companyId, admin) = await portal.CreateAsync(company);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
            var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
                .ConnectWithTokenAsync(new TokenConnectRequest(AtsKind.Workable, subdomain, token), new Uri("http://localhost/"), default);
            Assert.True(outcome.Succeeded, outcome.Message);
            var connectionId = outcome.ConnectionId!.Value;
            var run = await WaitAsync(portal, db => db.SyncRuns.AsNoTracking().FirstOrDefaultAsync(r => r.ConnectionId == connectionId && r.Outcome == SyncRunOutcome.Running));
            return (companyId, admin, connectionId, run.Id);
        }
    }

    [Fact]
    public async Task A_first_sync_cut_short_by_a_shutdown_is_recorded_as_interrupted_and_finishes_after_the_restart()
    {
        var folder = TestPaths.NewFolder("restart");
        var schedulerName = $"restart-{Guid.NewGuid():N}";
        var account = Workable.AddAccount("Shutdown Co", 7);
        // Every Workable call takes 3 s, so the portal is stopped while the first sync waits for the job listing.
        Workable.Faults(account.Subdomain).Latency = TimeSpan.FromSeconds(3);

        int companyId, connectionId;
        string admin;
        long runId;
        await using (var first = StartPortal(folder, schedulerName))
        {
            (companyId, admin, connectionId, runId) = await ConnectAndCatchTheFirstSyncRunningAsync(first, "Shutdown Co", account.Subdomain, account.ApiToken);
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            Assert.True((await scheduler.GetJobDetail(SyncScheduler.JobKeyFor(connectionId)))!.RequestsRecovery, "a crash mid-run makes Quartz fire it again");
        }

        // Stopped: the cancelled run says so, it is not left Running.
        Assert.Equal((nameof(SyncRunOutcome.Interrupted), nameof(ConnectionState.Syncing)), await ReadAsync(folder, runId, connectionId));
        Workable.Faults(account.Subdomain).Clear();

        await using var second = StartPortal(folder, schedulerName);
        await WaitAsync(second, db => db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId && c.State == ConnectionState.Connected));
        var runs = await second.QueryAsync(db => db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == connectionId).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(SyncRunOutcome.Interrupted, runs[0].Outcome);
        Assert.NotNull(runs[0].FinishedAt);
        Assert.Contains(runs.Skip(1), r => r is { Kind: SyncRunKind.FirstSync, Outcome: SyncRunOutcome.Succeeded, JobsSeen: 7 });
        await _smtp.WaitForAsync(m => m.To.ToString().Contains(admin) && m.Subject == FinishedTitle);
        Assert.Equal(1, await second.QueryAsync(db => db.Notifications.CountAsync(n => n.CompanyId == companyId && n.Title == FinishedTitle)));
    }

    [Fact]
    public async Task A_run_left_running_by_a_crash_is_closed_at_start_and_the_first_sync_runs_again_and_tells_the_admins()
    {
        var folder = TestPaths.NewFolder("crash");
        var schedulerName = $"crash-{Guid.NewGuid():N}";
        var account = Workable.AddAccount("Crash Co", 4);
        Workable.Faults(account.Subdomain).Latency = TimeSpan.FromSeconds(3);

        int companyId, connectionId;
        string admin;
        long runId;
        await using (var first = StartPortal(folder, schedulerName))
        {
            (companyId, admin, connectionId, runId) = await ConnectAndCatchTheFirstSyncRunningAsync(first, "Crash Co", account.Subdomain, account.ApiToken);
            // As a connection made before jobs asked Quartz for recovery has it stored.
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var job = await scheduler.GetJobDetail(SyncScheduler.JobKeyFor(connectionId));
            await scheduler.AddJob(job!.GetJobBuilder().RequestRecovery(false).Build(), AddJobOptions.Replacing);
        }
        // A crash (kill -9) writes nothing on its way down: the run is left as it was while it ran.
        await ExecuteAsync(folder, "UPDATE SyncRuns SET Outcome = 'Running', FinishedAt = NULL, Error = NULL WHERE Id = $id", ("$id", runId));
        Assert.Equal((nameof(SyncRunOutcome.Running), nameof(ConnectionState.Syncing)), await ReadAsync(folder, runId, connectionId));
        Workable.Faults(account.Subdomain).Clear();

        await using var second = StartPortal(folder, schedulerName);

        var crashed = await second.QueryAsync(db => db.SyncRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal(SyncRunOutcome.Interrupted, crashed.Outcome);
        Assert.Equal(InterruptedRunSweep.InterruptedMessage, crashed.Error);
        await WaitAsync(second, db => db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId && c.State == ConnectionState.Connected));
        await _smtp.WaitForAsync(m => m.To.ToString().Contains(admin) && m.Subject == FinishedTitle);
        Assert.Equal(0, await second.QueryAsync(db => db.SyncRuns.CountAsync(r => r.ConnectionId == connectionId && r.Outcome == SyncRunOutcome.Running)));
        Assert.Equal(4, await second.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == connectionId)));
        var recovered = await (await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetJobDetail(SyncScheduler.JobKeyFor(connectionId));
        Assert.True(recovered!.RequestsRecovery, "older connection jobs ask for recovery after the start");
    }

    private static async Task<T> WaitAsync<T>(PortalFactory portal, Func<PortalDbContext, Task<T?>> query) where T : class
    {
        // Generous: a restart, recovery and a first sync on a machine busy with the rest of the suite.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (true)
        {
            if (await portal.QueryAsync(query) is { } found) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException("The portal did not reach the expected state in time.");
            await Task.Delay(100);
        }
    }

    private static async Task<(string RunOutcome, string ConnectionState)> ReadAsync(string folder, long runId, int connectionId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "portal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT Outcome FROM SyncRuns WHERE Id = $run), (SELECT State FROM AtsConnections WHERE Id = $connection)";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$connection", connectionId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    private static async Task ExecuteAsync(string folder, string sql, (string Name, object Value) parameter)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "portal.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
