using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Health;

/// <summary>
/// Reads one connection's sync health: the newest run of every kind, webhooks, pushes waiting and failed, recent runs,
/// the last seven days by outcome, and each problem in plain words with the button that fixes it. It reads through the
/// context it is given, so the admin's page (tenant-filtered) and the support console (a named system scope) share it.
/// </summary>
public sealed class SyncHealth(AtsProviders providers, TimeProvider clock)
{
    public const int RecentRunCount = 10;
    private static readonly PushState[] Pending = [PushState.Queued, PushState.Waiting, PushState.Sending];

    public async Task<SyncHealthReport?> ReadAsync(PortalDbContext db, int connectionId, CancellationToken ct)
    {
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null) return null;
        var vendor = providers.Get(connection.Kind).Traits.DisplayName;
        var slug = connection.Kind.ToString().ToLowerInvariant();
        var now = clock.GetUtcNow();

        var runs = db.SyncRuns.AsNoTracking().Where(r => r.ConnectionId == connectionId);
        var recent = (await runs.OrderByDescending(r => r.StartedAt).Take(RecentRunCount).ToListAsync(ct)).Select(Run).ToList();
        var lastByKind = new List<HealthRun>();
        foreach (var kind in Enum.GetValues<SyncRunKind>())
        {
            var last = await runs.Where(r => r.Kind == kind).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
            if (last is not null) lastByKind.Add(Run(last));
        }

        var hooks = db.WebhookDeliveries.AsNoTracking().Where(w => w.ConnectionId == connectionId);
        var lastReceived = await hooks.OrderByDescending(w => w.ReceivedAt).Select(w => (DateTimeOffset?)w.ReceivedAt).FirstOrDefaultAsync(ct);
        var lastProcessed = await hooks.Where(w => w.ProcessedAt != null).OrderByDescending(w => w.ProcessedAt).Select(w => w.ProcessedAt).FirstOrDefaultAsync(ct);
        var hooksWaiting = await hooks.CountAsync(w => w.ProcessedAt == null, ct);

        // Pushes still waiting for a job link have no connection yet; they belong to every connection of the company.
        var pushes = db.Set<CandidatePush>().AsNoTracking()
            .Where(p => p.ConnectionId == connectionId || (p.ConnectionId == null && p.CompanyId == connection.CompanyId));
        var pending = await pushes.Where(p => Pending.Contains(p.State)).Select(p => new { p.QueuedAt, p.WaitingReason }).ToListAsync(ct);
        var deadLetters = await pushes.CountAsync(p => p.State == PushState.DeadLettered, ct);

        var since = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-6);
        var sent = await pushes.Where(p => p.SentAt >= since).Select(p => p.SentAt!.Value).ToListAsync(ct);
        var failed = await pushes.Where(p => p.DeadLetteredAt >= since).Select(p => p.DeadLetteredAt!.Value).ToListAsync(ct);
        var statuses = await db.Set<ApplicationAtsStatus>().AsNoTracking()
            .Where(s => s.ConnectionId == connectionId && s.RecordedAt >= since).Select(s => new { s.RecordedAt, s.Resolution }).ToListAsync(ct);
        var days = Enumerable.Range(0, 7).Select(i => DateOnly.FromDateTime(since.UtcDateTime.AddDays(i))).Select(day => new HealthDay(day,
            sent.Count(t => Day(t) == day), failed.Count(t => Day(t) == day),
            statuses.Count(s => Day(s.RecordedAt) == day && s.Resolution == StatusResolution.Hired),
            statuses.Count(s => Day(s.RecordedAt) == day && s.Resolution == StatusResolution.Rejected),
            statuses.Count(s => Day(s.RecordedAt) == day && s.Resolution == StatusResolution.Withdrawn),
            statuses.Count(s => Day(s.RecordedAt) == day && s.Resolution == StatusResolution.NeedsRule))).ToList();

        var needsRule = await db.Set<ApplicationAtsStatus>().AsNoTracking()
            .CountAsync(s => s.ConnectionId == connectionId && s.Resolution == StatusResolution.NeedsRule, ct);
        var problems = Problems(connection, vendor, slug, lastByKind, pending.Count(p => p.WaitingReason == PushWaitReason.NoLink), deadLetters, needsRule);

        var oldest = pending.Count == 0 ? (TimeSpan?)null : now - pending.Min(p => p.QueuedAt);
        return new SyncHealthReport(connection, vendor, slug, lastByKind, lastReceived, lastProcessed, hooksWaiting,
            pending.Count, oldest, deadLetters, recent, problems, days);
    }

    private static IReadOnlyList<HealthProblem> Problems(AtsConnection connection, string vendor, string slug,
        IReadOnlyList<HealthRun> lastByKind, int unmapped, int deadLetters, int needsRule)
    {
        var problems = new List<HealthProblem>();
        if (connection.State == ConnectionState.NeedsReauth)
        {
            problems.Add(new("reauth", $"{vendor} no longer accepts Circular's credentials, so nothing syncs and no candidate goes out. " +
                $"Reconnect with a working {(connection.SecretHint is null ? "sign-in" : "key")}.",
                HealthFix.Reconnect, "Reconnect", $"/integrations/{slug}"));
        }
        if (unmapped > 0)
        {
            problems.Add(new("unmapped", $"{Count(unmapped, "accepted candidate waits", "accepted candidates wait")} because their Circular job is not mapped to a {vendor} job.",
                HealthFix.MapJob, "Map this job", $"/integrations/{slug}/jobs"));
        }
        if (deadLetters > 0)
        {
            problems.Add(new("dead-letters", $"{Count(deadLetters, "candidate", "candidates")} could not be sent to {vendor} after every retry.",
                HealthFix.Retry, "Retry", $"/integrations/{slug}/pushes?filter=failed"));
        }
        if (needsRule > 0)
        {
            problems.Add(new("needs-rule", $"{Count(needsRule, "status change", "status changes")} from {vendor} use a reason or stage Circular has no rule for, so the candidate has not moved.",
                HealthFix.AddStatusRule, "Add the status rule", $"/integrations/{slug}/status-rules"));
        }
        foreach (var run in lastByKind.Where(r => r.Outcome == SyncRunOutcome.Failed))
        {
            problems.Add(new($"run-failed-{run.Kind.ToString().ToLowerInvariant()}",
                $"The last {HealthText.Kind(run.Kind)} failed: {run.Error ?? "no reason given"}",
                HealthFix.Settings, "Open settings", $"/integrations/{slug}/settings"));
        }
        return problems;
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    private static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    private static HealthRun Run(SyncRun r) => new(r.Kind, r.Outcome, r.StartedAt, r.FinishedAt, r.JobsSeen, r.JobsAdded, r.JobsUpdated, r.Error);
}
