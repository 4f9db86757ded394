using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>
/// Two portal node processes ("node-a", "node-b") on one fresh PostgreSQL database and one Quartz cluster, with the Sandbox
/// ATS on its own port in the test process, so a node can be killed while the vendor keeps what it was sent. The data is
/// arranged first by an in-process portal on the same database; its scheduler is stopped before the nodes start, so it
/// never runs work and stays only to read the database (and decrypt what the nodes stored). Each node's database
/// sessions carry its name as their application name (seen in <c>pg_stat_activity</c>).
/// </summary>
public sealed class NodeProcesses : IAsyncDisposable
{
    private readonly Dictionary<PortalProcess, string> _names = [];

    private NodeProcesses(SandboxHost sandbox, PortalFactory portal, string database)
    {
        Sandbox = sandbox;
        Portal = portal;
        Database = database;
    }

    public SandboxHost Sandbox { get; }

    /// <summary>The in-process portal that arranged the data; its scheduler is stopped.</summary>
    public PortalFactory Portal { get; }

    /// <summary>The database's connection string, for reading PostgreSQL's own views.</summary>
    public string Database { get; }

    /// <summary>How long the start's phases took, for a test's output (a busy machine makes them slow).</summary>
    public List<string> Phases { get; } = [];

    public IReadOnlyList<PortalProcess> Nodes => [.. _names.Keys];

    public string NameOf(PortalProcess node) => _names[node];

    /// <summary>The node whose process made the claim (<c>LockedBy</c> is "process id:instance").</summary>
    public PortalProcess NodeOfClaim(string lockedBy) => Nodes.Single(n => lockedBy.StartsWith($"{n.ProcessId}:", StringComparison.Ordinal));

    /// <param name="arrange">Sets up companies, connections and candidates through the in-process portal (its Quartz runs the first syncs).</param>
    /// <param name="nodeSettings">Extra settings for both nodes.</param>
    public static async Task<NodeProcesses> StartAsync(Func<PortalFactory, SandboxHost, Task> arrange, IReadOnlyDictionary<string, string?>? nodeSettings = null)
    {
        var sandbox = await SandboxHost.StartAsync();
        var database = await PostgresTestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(sandbox.ProviderConfiguration())
        {
            ["Sandbox:Enabled"] = "false",
            ["Sandbox:UseForProviders"] = "false",
            ["Marketplace:ApiKey"] = PortalFactory.PlatformKey,
            // Workable and Lever get the CV inline: the link need not be reachable.
            ["Portal:PublicUrl"] = "https://portal.example.test",
        };
        foreach (var (key, value) in PostgresTestDatabase.PortalSettings(database)) settings[key] = value;
        var portal = new PortalFactory(settings: settings);
        var cluster = new NodeProcesses(sandbox, portal, database);
        try
        {
            await arrange(portal, sandbox);
            // From here on the nodes do all the work: the arranging portal's scheduler (a cluster of its own name) stops.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await (await portal.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).Shutdown(waitForJobsToComplete: true);
            cluster.Phases.Add($"arranging scheduler stopped in {watch.Elapsed.TotalSeconds:N1} s");
            watch.Restart();

            var node = new Dictionary<string, string?>(settings)
            {
                ["Database:MigrateOnStart"] = "false",
                ["Quartz:InstanceName"] = $"nodes-{Guid.NewGuid():N}",
                // A dead node is noticed within seconds (defaults: 10 s and 20 s).
                ["Quartz:CheckinInterval"] = "00:00:02",
                ["Quartz:CheckinMisfireThreshold"] = "00:00:05",
            };
            foreach (var (key, value) in nodeSettings ?? new Dictionary<string, string?>()) node[key] = value;
            var started = await Task.WhenAll(new[] { "node-a", "node-b" }.Select(async name =>
                (Name: name, Process: await PortalProcess.StartAsync(new Dictionary<string, string?>(node)
                {
                    ["Quartz:InstanceId"] = name,
                    ["ConnectionStrings:Portal"] = new NpgsqlConnectionStringBuilder(database) { ApplicationName = name }.ToString(),
                }))));
            foreach (var (name, process) in started) cluster._names[process] = name;
            cluster.Phases.Add($"nodes started in {watch.Elapsed.TotalSeconds:N1} s");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a query of PostgreSQL's own (e.g. its lock table) and reads every row's columns.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Both nodes' last output lines, for failure messages.</summary>
    public string Output => string.Join("\n", _names.Select(n => $"--- {n.Value}:\n{string.Join('\n', n.Key.Lines.TakeLast(40))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _names.Keys) await node.DisposeAsync();
        await Portal.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
