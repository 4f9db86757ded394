using System.Text.RegularExpressions;
using Circular.Portal.Marketplace;
using Circular.Portal.Notifications;
using Circular.Portal.Sync;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>Several portal nodes on one PostgreSQL: scheduled work runs once per firing, live updates reach every node.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task A_job_polled_every_two_seconds_runs_once_per_firing_across_two_node_processes()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var settings = PostgresTestDatabase.PortalSettings(database, migrateOnStart: false);
        settings["Platform:SendInterval"] = "00:00:02";
        settings["Quartz:InstanceName"] = "cluster-test";
        settings["Logging:LogLevel:Circular.Portal.Sync.ClusterFireLog"] = "Debug";
        await using var migrate = await PortalProcess.StartAsync(settings, argument: "--migrate");

        await using var nodeA = await PortalProcess.StartAsync(new Dictionary<string, string?>(settings) { ["Quartz:InstanceId"] = "node-a" });
        await using var nodeB = await PortalProcess.StartAsync(new Dictionary<string, string?>(settings) { ["Quartz:InstanceId"] = "node-b" });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && Firings(nodeA, nodeB).Count < 8) await Task.Delay(500);
        var firings = Firings(nodeA, nodeB);

        Assert.True(firings.Count >= 8, $"Only {firings.Count} firings were logged.");
        var twice = firings.GroupBy(f => f.FireTime).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"Fired on more than one node: {string.Join(", ", twice)}");
        Assert.All(firings, f => Assert.Contains(f.Node, new[] { "node-a", "node-b" }));
    }

    [PostgresFact]
    public async Task A_notification_published_on_one_node_reaches_the_other_node_even_past_a_stuck_subscriber()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        await using var nodeA = new PortalFactory(settings: PostgresTestDatabase.PortalSettings(database));
        await using var nodeB = new PortalFactory(settings: new Dictionary<string, string?>(PostgresTestDatabase.PortalSettings(database)) { ["Demo:Seed"] = "false" });
        await nodeA.Services.GetRequiredService<PostgresLiveRelay>().Listening.WaitAsync(Patience);
        await nodeB.Services.GetRequiredService<PostgresLiveRelay>().Listening.WaitAsync(Patience);
        var heardOnB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var syncOnB = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var centerB = nodeB.Services.GetRequiredService<NotificationCenter>();
        centerB.Changed += _ => Task.Delay(Timeout.Infinite); // a circuit that never answers
        centerB.Changed += userId => { heardOnB.TrySetResult(userId); return Task.CompletedTask; };
        nodeB.Services.GetRequiredService<SyncEvents>().ConnectionChanged += companyId => { syncOnB.TrySetResult(companyId); return Task.CompletedTask; };

        await nodeA.Services.GetRequiredService<NotificationCenter>().PublishAsync(["user-on-b"]);
        await nodeA.Services.GetRequiredService<SyncEvents>().PublishAsync(42);

        Assert.Equal("user-on-b", await heardOnB.Task.WaitAsync(Patience));
        Assert.Equal(42, await syncOnB.Task.WaitAsync(Patience));
    }

    [PostgresFact]
    public async Task A_cv_uploaded_on_one_node_is_read_on_another_with_its_own_data_folder()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        await using var nodeA = new PortalFactory(settings: PostgresTestDatabase.PortalSettings(database));
        await using var nodeB = new PortalFactory(settings: new Dictionary<string, string?>(PostgresTestDatabase.PortalSettings(database)) { ["Demo:Seed"] = "false" });
        var pdf = CvSamples.Pdf();

        var saved = await nodeA.Services.GetRequiredService<CvStore>().SaveAsync(new MemoryStream(pdf), "Ada.pdf", default);
        await using var read = nodeB.Services.GetRequiredService<CvStore>().OpenRead(saved.File!);

        Assert.NotNull(read);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(pdf, copy.ToArray());
        Assert.False(Directory.Exists(nodeA.Services.GetRequiredService<CvStore>().Folder) && Directory.EnumerateFiles(nodeA.Services.GetRequiredService<CvStore>().Folder).Any());
    }

    private static List<(string Job, long FireTime, string Node)> Firings(params PortalProcess[] nodes) =>
        nodes.SelectMany(n => n.Lines).Select(line => FiringLine().Match(line)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value))
            .Where(f => f.Item1 == "platform-webhooks-job").ToList();

    [GeneratedRegex(@"Job (\S+) fired for (\d+) on node (\S+)")]
    private static partial Regex FiringLine();
}
