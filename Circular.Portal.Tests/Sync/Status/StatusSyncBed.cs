using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync.Status;

/// <summary>A failpoint that stops the work like a crash would, but in-process: it cancels the run at that point.</summary>
public sealed class StoppingFailpoints : IFailpoints
{
    private readonly Dictionary<string, CancellationTokenSource> _armed = new(StringComparer.Ordinal);

    public void Arm(string name, CancellationTokenSource stop)
    {
        lock (_armed) _armed[name] = stop;
    }

    public void Hit(string name)
    {
        CancellationTokenSource? stop;
        lock (_armed)
        {
            if (!_armed.Remove(name, out stop)) return;
        }
        stop.Cancel();
        throw new OperationCanceledException($"Failpoint {name} stopped the run", stop.Token);
    }
}

/// <summary>
/// The status test bed with Workable's status reads scripted by the test (<see cref="Vendor"/>), an in-process failpoint,
/// and a short status poll interval for the worker's own schedule.
/// </summary>
public class StatusSyncBed : StatusTestBed
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Workable, with its status reads scripted by the test.</summary>
    public ScriptedStatusVendor Vendor => (ScriptedStatusVendor)Portal.Services.GetRequiredService<AtsProviders>().Get(AtsKind.Workable);
    public StoppingFailpoints Failpoints { get; } = new();

    public StatusSyncBed()
    {
        Settings["Sync:StatusPollInterval"] = PollInterval.ToString();
    }

    /// <summary>The portal's log, for a failure message that says what the worker did.</summary>
    public Circular.Portal.Tests.TestSupport.CapturingLoggerProvider Log { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log);
        services.AddSingleton<IFailpoints>(Failpoints);
        services.AddSingleton(sp => new AtsProviders(sp.GetServices<IAtsProvider>()
            .Select(p => p.Kind == AtsKind.Workable ? new ScriptedStatusVendor(p) : p)));
    }

    public async Task<string> PublicIdAsync(int connectionId) =>
        await QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.PublicId).SingleAsync());

    /// <summary>Posts a Workable "candidate moved" webhook signed with the connection's secret (or another one).</summary>
    public async Task<HttpResponseMessage> PostWorkableAsync(int connectionId, string eventId, string candidateId, bool disqualified, DateTimeOffset firedAt,
        string secret = WebhookSecret, string? alsoKnownEvent = null)
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"" + eventId + "\",\"event_type\":\"candidate_moved\",\"fired_at\":\"" + firedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")
            + "\",\"resource_type\":\"candidate\",\"data\":{\"id\":\"" + candidateId + "\",\"stage\":\"Interview\",\"disqualified\":" + (disqualified ? "true" : "false") + "}}");
        using var http = Portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/workable/{await PublicIdAsync(connectionId)}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("X-Workable-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        if (alsoKnownEvent is not null) request.Headers.TryAddWithoutValidation(ScriptedStatusVendor.ExtraEventHeader, alsoKnownEvent);
        return await http.SendAsync(request);
    }

    public async Task<int> RunInboxAsync(int connectionId)
    {
        await using var scope = SystemScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookInbox>().RunAsync(connectionId, default);
    }

    public async Task<Circular.Portal.Sync.SyncRun?> PollAsync(int connectionId, CancellationToken ct = default)
    {
        await using var scope = SystemScope();
        return await scope.ServiceProvider.GetRequiredService<StatusPoller>().PollAsync(connectionId, ct);
    }

    public Task<Circular.Portal.Marketplace.ApplicationStage> StageAsync(int applicationId) =>
        QueryAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.Stage).SingleAsync());

    /// <summary>How many times the application moved because of the vendor.</summary>
    public Task<int> VendorMovesAsync(int applicationId) =>
        QueryAsync(db => db.StageChanges.CountAsync(s => s.ApplicationId == applicationId && s.By == "from Workable"));

    public Task<List<Circular.Portal.Sync.WebhookDelivery>> DeliveriesAsync(int connectionId) =>
        QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(w => w.ConnectionId == connectionId).OrderBy(w => w.Id).ToListAsync());

    /// <summary>Waits, on real time, for something the portal's own Quartz worker does.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what, int? connectionId = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > until)
            {
                var runs = connectionId is { } id
                    ? await QueryAsync(db => db.SyncRuns.Where(r => r.ConnectionId == id).Select(r => $"{r.Kind} {r.Outcome} {r.Error}").ToListAsync())
                    : [];
                var problems = Log.Lines.Where(l => l.StartsWith("Error") || l.Contains("Quartz") || l.Contains("Sync")).Select(l => l.Length > 300 ? l[..300] : l).TakeLast(25);
                throw new TimeoutException($"Timed out waiting for {what}; runs: {string.Join(" | ", runs)}; log: {string.Join("\n", problems)}");
            }
            await Task.Delay(50);
        }
    }
}

/// <summary>The same bed on the wall clock, for tests of what the portal's own Quartz worker does on its schedule.</summary>
public class StatusWorkerBed : StatusSyncBed
{
    protected override bool UseFakeClock => false;
}

/// <summary>The status sync bed on PostgreSQL.</summary>
public sealed class PostgresStatusSyncBed : StatusSyncBed
{
    protected override bool OnPostgres => true;
}

/// <summary>The status worker bed on PostgreSQL.</summary>
public sealed class PostgresStatusWorkerBed : StatusWorkerBed
{
    protected override bool OnPostgres => true;
}
