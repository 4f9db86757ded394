using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Sync.Cluster;

/// <summary>
/// Two portal nodes on one PostgreSQL and one Quartz cluster, with the Sandbox ATS on its own port: node A in the test
/// process (the fixture's portal), node B a separate process. Without PostgreSQL it starts nothing (the tests skip).
/// </summary>
public class PostgresClusterFixture : IntegrationFixture
{
    private Dictionary<string, string?> _settings = [];

    public PortalProcess NodeB { get; private set; } = null!;

    protected override async Task<IDictionary<string, string?>> PortalSettingsAsync()
    {
        var settings = new Dictionary<string, string?>(await base.PortalSettingsAsync());
        foreach (var (key, value) in PostgresTestDatabase.PortalSettings(await PostgresTestDatabase.CreateAsync())) settings[key] = value;
        settings["Quartz:InstanceName"] = $"cluster-{Guid.NewGuid():N}";
        settings["Quartz:CheckinInterval"] = "00:00:02";
        settings["Quartz:CheckinMisfireThreshold"] = "00:00:05";
        foreach (var (key, value) in ClusterSettings()) settings[key] = value;
        _settings = new Dictionary<string, string?>(settings);
        settings["Quartz:InstanceId"] = "node-a";
        return settings;
    }

    /// <summary>Settings every node of a derived cluster shares (e.g. a longer status poll interval).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ClusterSettings() => [];

    public override async Task InitializeAsync()
    {
        if (PostgresTestDatabase.Server is null) return;
        await base.InitializeAsync();
        NodeB = await PortalProcess.StartAsync(new Dictionary<string, string?>(_settings)
        {
            ["Quartz:InstanceId"] = "node-b",
            ["Database:MigrateOnStart"] = "false",
        });
    }

    public override async Task DisposeAsync()
    {
        if (PostgresTestDatabase.Server is null) return;
        await NodeB.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// The cluster tests start portal node processes (two each, plus PostgreSQL's work): one class at a time, so on a 2-core
/// machine they never pile up beside each other and starve the rest of the suite.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster nodes";
}
