using Circular.Portal.Data;
using Quartz;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Sync;

/// <summary>
/// Quartz's clustered ADO job store on the portal's PostgreSQL: every node runs a scheduler with the same instance name
/// and its own instance id; a trigger fires on exactly one node (Quartz locks its rows in <c>qrtz_locks</c>), and when
/// a node stops checking in, the others take over its triggers and re-run its jobs that request recovery.
/// <list type="bullet">
/// <item><c>Quartz:InstanceId</c>: unique per node; default <c>AUTO</c> (host name + start time).</item>
/// <item><c>Quartz:CheckinInterval</c> (default 00:00:10): how often a node reports alive. A node is taken for dead after
/// <c>Quartz:CheckinMisfireThreshold</c> (default 00:00:20) without a check-in; its recoverable jobs then run again on
/// another node, so a dead node's work resumes within about interval + threshold.</item>
/// </list>
/// The schema is not provisioned by the nodes: the deploy step (<c>--migrate</c>) creates it; nodes validate it.
/// </summary>
public static class QuartzCluster
{
    public static void Configure(IQuartzBuilder q, PortalDatabase database, IConfiguration configuration)
    {
        var instanceId = configuration["Quartz:InstanceId"];
        q.ConfigureScheduler(s => s.InstanceId = string.IsNullOrWhiteSpace(instanceId) ? "AUTO" : instanceId);
        q.AddJobListener<ClusterFireLog>();
        q.UsePersistentStore(store =>
        {
            store.UsePostgres(database.ConnectionString);
            store.UseSystemTextJsonSerializer();
            store.UseClustering(c =>
            {
                c.CheckinInterval = configuration.GetValue("Quartz:CheckinInterval", TimeSpan.FromSeconds(10));
                c.CheckinMisfireThreshold = configuration.GetValue("Quartz:CheckinMisfireThreshold", TimeSpan.FromSeconds(20));
            });
        });
    }
}
