using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Platform;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Status;

/// <summary>
/// The one "apply status" path that webhooks (after re-reading the vendor) and polls feed. Each observation is matched to
/// the application Circular pushed, compared with the newest status stored for it by the vendor's own timestamp (an
/// older one changes nothing, a repeated one changes nothing), resolved through the connection's status rules, and,
/// when it means hired, rejected or withdrawn, moves the application through <see cref="ApplicationWorkflow"/> with
/// "from {ATS}" and the vendor's reason in the history (the platform's event and the admins' bell ride that same save).
/// One email per run: the caller's <see cref="StatusDigest"/> collects the changes, or, without one, this call sends it.
/// </summary>
public sealed class StatusApplier(
    IDbContextFactory<PortalDbContext> dbFactory,
    ApplicationWorkflow workflow,
    StatusNotices notices,
    TimeProvider clock,
    ILogger<StatusApplier> log)
{
    public const string FromWebhook = "webhook";
    public const string FromPoll = "poll";

    /// <summary>
    /// Applies a batch of observations of one connection (a poll page, or the re-read behind a webhook). Safe to call again
    /// with the same observations, in any order: the result converges on the vendor's newest status.
    /// </summary>
    /// <param name="source"><see cref="FromWebhook"/> or <see cref="FromPoll"/>, kept with the stored status.</param>
    /// <param name="digest">Collects the changes for the run's one email; null: this call writes its own email.</param>
    public async Task<StatusApplyReport> ApplyAsync(int connectionId, IReadOnlyList<AtsStatusChange> observations, string source, CancellationToken ct,
        StatusDigest? digest = null)
    {
        var counts = Enum.GetValues<ObservationOutcome>().ToDictionary(o => o, _ => 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.Connections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null || observations.Count == 0) return new StatusApplyReport(counts);

        var vendor = connection.Kind.ToString();
        var rules = await StatusRules.LoadAsync(db, connectionId, ct);
        var pushes = await PushesAsync(db, connectionId, observations, ct);
        var changes = digest ?? new StatusDigest();
        foreach (var observation in observations.OrderBy(o => o.OccurredAt))
        {
            db.ChangeTracker.Clear();
            var push = Match(pushes, observation);
            var (outcome, notice) = push is null
                ? (ObservationOutcome.NotOurs, null)
                : await ApplyOneAsync(db, connectionId, vendor, push.ApplicationId, observation, rules, source, ct);
            counts[outcome]++;
            if (notice is not null) changes.Add(notice);
        }
        if (digest is null && changes.Changes.Count > 0)
        {
            db.ChangeTracker.Clear();
            await notices.AddDigestAsync(db, connection.CompanyId, vendor, changes.Changes, ct);
            await db.SaveChangesAsync(ct);
        }
        var report = new StatusApplyReport(counts);
        log.LogInformation("Applied {Count} {Vendor} observations for connection {ConnectionId} from {Source}: {Report}",
            observations.Count, vendor, connectionId, source, report);
        return report;
    }

    /// <summary>
    /// Applies the stored statuses that used one reason or stage again, after the admin saved a rule for it; returns how
    /// many applications moved. The vendor's timestamps are kept, so a newer observation still wins.
    /// </summary>
    public async Task<int> ReapplyStoredAsync(int connectionId, AtsStatusTermKind kind, string termId, CancellationToken ct)
    {
        List<AtsStatusChange> observations;
        string source;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var rows = await (from s in db.Set<ApplicationAtsStatus>().AsNoTracking()
                              join p in db.Set<CandidatePush>() on s.ApplicationId equals p.ApplicationId
                              where s.ConnectionId == connectionId
                                    && (kind == AtsStatusTermKind.Stage ? s.StageId == termId : s.ReasonKind == kind && s.ReasonId == termId)
                              select new { s, p.VendorCandidateId, p.VendorApplicationId }).ToListAsync(ct);
            observations = rows.Select(r => new AtsStatusChange(r.VendorCandidateId ?? "", r.VendorApplicationId ?? "", r.s.VendorStatus, r.s.VendorReason, r.s.ObservedAt)
            {
                ReasonTerm = r.s.ReasonKind is { } k && r.s.ReasonId is { } id ? new AtsStatusTerm(k, id, r.s.VendorReason ?? id) : null,
                StageTerm = r.s.StageId is { } stage ? new AtsStatusTerm(AtsStatusTermKind.Stage, stage, r.s.StageName ?? stage) : null,
                VisibleToCandidateAt = r.s.CandidateVisibleAt,
            }).ToList();
            source = rows.FirstOrDefault()?.s.Source ?? FromPoll;
        }
        if (observations.Count == 0) return 0;
        return (await ApplyAsync(connectionId, observations, source, ct))[ObservationOutcome.Moved];
    }

    private async Task<(ObservationOutcome, StatusNotice?)> ApplyOneAsync(PortalDbContext db, int connectionId, string vendor, int applicationId,
        AtsStatusChange observation, IReadOnlyDictionary<(AtsStatusTermKind, string), AtsStatusMeaning> rules, string source, CancellationToken ct)
    {
        var application = await db.Applications.Include(a => a.Candidate).SingleAsync(a => a.Id == applicationId, ct);
        var stored = await db.Set<ApplicationAtsStatus>().SingleOrDefaultAsync(s => s.ApplicationId == applicationId, ct);
        var resolution = StatusResolver.Resolve(observation, rules);
        if (stored is not null)
        {
            if (observation.OccurredAt < stored.ObservedAt) return (ObservationOutcome.Stale, null);
            if (observation.OccurredAt == stored.ObservedAt && Same(stored, observation, resolution)
                && (StatusResolver.TargetStage(resolution) is not { } already || application.Stage == already || ApplicationStages.IsFinal(application.Stage)))
            {
                return (ObservationOutcome.Duplicate, null);
            }
        }
        var needsRuleIsNew = resolution == StatusResolution.NeedsRule && stored?.Resolution != StatusResolution.NeedsRule;
        if (stored is null)
        {
            stored = new ApplicationAtsStatus { CompanyId = application.CompanyId, ConnectionId = connectionId, ApplicationId = applicationId };
            db.Add(stored);
        }
        Record(stored, observation, resolution, source, clock.GetUtcNow());

        var candidate = application.Candidate is { } c ? $"{c.FirstName} {c.LastName}".Trim() : $"Application {application.Id}";
        if (StatusResolver.TargetStage(resolution) is not { } target || application.Stage == target)
        {
            var needsRule = needsRuleIsNew ? StatusNotice.NeedsRule(application, candidate, vendor, observation, connectionId) : null;
            if (needsRule is not null) await notices.AddBellAsync(db, application.CompanyId, needsRule, ct);
            await db.SaveChangesAsync(ct);
            return needsRule is not null
                ? (ObservationOutcome.NeedsRule, needsRule)
                : (resolution == StatusResolution.NeedsRule ? ObservationOutcome.NeedsRule : ObservationOutcome.Recorded, null);
        }

        var reason = ReasonFor(resolution, observation);
        var origin = new StageMoveOrigin(vendor, observation.OccurredAt, resolution == StatusResolution.Active ? null : observation.VisibleToCandidateAt);
        var notice = StatusNotice.Moved(application, candidate, vendor, target, reason);
        // The bell commits with the move (a move the workflow refuses saves no bell).
        if (ApplicationStages.CanMove(application.Stage, target)) await notices.AddBellAsync(db, application.CompanyId, notice, ct);
        var moved = await workflow.MoveAsync(db, application, target, $"from {vendor}", reason, ct, origin);
        switch (moved.Outcome)
        {
            case StageMoveOutcome.Moved:
                return (ObservationOutcome.Moved, notice);
            case StageMoveOutcome.Conflict:
                return (ObservationOutcome.Conflict, null);
            default:
                // Circular's application is final in another stage; the vendor's status is still the newest we know.
                await db.SaveChangesAsync(ct);
                log.LogInformation("{Vendor} says {Resolution} for application {ApplicationId}, which is already {Stage}: recorded, not moved",
                    vendor, resolution, applicationId, application.Stage);
                return (ObservationOutcome.Refused, null);
        }
    }

    private static void Record(ApplicationAtsStatus row, AtsStatusChange o, StatusResolution resolution, string source, DateTimeOffset now)
    {
        row.VendorStatus = o.Status;
        row.VendorReason = Trim(o.Reason, 1000);
        row.ReasonKind = o.ReasonTerm?.Kind;
        row.ReasonId = Trim(o.ReasonTerm?.Id, 200);
        row.StageId = Trim(o.StageTerm?.Id, 200);
        row.StageName = Trim(o.StageTerm?.Label, 200);
        row.ObservedAt = o.OccurredAt;
        row.Resolution = resolution;
        row.RejectedAt = o.Status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn ? o.OccurredAt : null;
        row.CandidateVisibleAt = o.Status is AtsApplicationStatus.Rejected or AtsApplicationStatus.Withdrawn ? o.VisibleToCandidateAt : null;
        row.Source = source;
        row.RecordedAt = now;
        row.Version = Guid.NewGuid();
    }

    private static bool Same(ApplicationAtsStatus row, AtsStatusChange o, StatusResolution resolution) =>
        row.VendorStatus == o.Status && row.Resolution == resolution
        && string.Equals(row.ReasonId, o.ReasonTerm?.Id, StringComparison.Ordinal)
        && string.Equals(row.StageId, o.StageTerm?.Id, StringComparison.Ordinal)
        && string.Equals(row.VendorReason, Trim(o.Reason, 1000), StringComparison.Ordinal);

    private static string? ReasonFor(StatusResolution resolution, AtsStatusChange o) => resolution switch
    {
        StatusResolution.Hired => null,
        StatusResolution.Withdrawn => o.Reason ?? "The candidate withdrew",
        _ => o.Reason ?? o.ReasonTerm?.Label,
    };

    private static string? Trim(string? value, int max) => value is null ? null : value.Length > max ? value[..max] : value;

    private sealed record PushRef(int ApplicationId, string? CandidateId, string? VendorApplicationId, string? JobExternalId);

    private static async Task<List<PushRef>> PushesAsync(PortalDbContext db, int connectionId, IReadOnlyList<AtsStatusChange> observations, CancellationToken ct)
    {
        var candidateIds = observations.Select(o => o.CandidateId).Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
        var applicationIds = observations.Select(o => o.ApplicationId).Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
        return await (from p in db.Set<CandidatePush>()
                      where p.ConnectionId == connectionId && p.VendorCandidateId != null
                            && (candidateIds.Contains(p.VendorCandidateId) || applicationIds.Contains(p.VendorApplicationId!))
                      join j in db.AtsJobs on p.AtsJobId equals j.Id into jobs
                      from j in jobs.DefaultIfEmpty()
                      select new PushRef(p.ApplicationId, p.VendorCandidateId, p.VendorApplicationId, j == null ? null : j.ExternalId))
            .ToListAsync(ct);
    }

    /// <summary>
    /// By the vendor's application id first; else by the candidate (Recruitee's webhooks carry no placement), narrowed to
    /// the ATS job when the candidate was pushed to several of its jobs. Ambiguous is treated as not ours.
    /// </summary>
    private static PushRef? Match(List<PushRef> pushes, AtsStatusChange o)
    {
        if (!string.IsNullOrEmpty(o.ApplicationId)
            && pushes.FirstOrDefault(p => string.Equals(p.VendorApplicationId, o.ApplicationId, StringComparison.Ordinal)) is { } byApplication)
        {
            return byApplication;
        }
        var byCandidate = pushes.Where(p => string.Equals(p.CandidateId, o.CandidateId, StringComparison.Ordinal)).ToList();
        if (byCandidate.Count > 1 && o.JobExternalId is { } job)
        {
            byCandidate = byCandidate.Where(p => string.Equals(p.JobExternalId, job, StringComparison.Ordinal)).ToList();
        }
        return byCandidate.Count == 1 ? byCandidate[0] : null;
    }
}
