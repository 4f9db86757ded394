using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Sync.Push;
using Circular.Portal.Marketplace.Platform;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

/// <summary>
/// The one path that moves an application between stages: the inbox, the Marketplace API and sync all use it,
/// so the transition rules and the stage history cannot drift apart. Accepting an interview queues the push to the ATS
/// in the same SaveChanges as the stage change, then wakes that connection's worker.
/// </summary>
public sealed class ApplicationWorkflow(
    IDbContextFactory<PortalDbContext> dbFactory,
    PushOutbox outbox,
    PushSignals signals,
    TimeProvider clock,
    ILogger<ApplicationWorkflow> log)
{
    public Task<StageMoveResult> RequestInterviewAsync(int applicationId, string by, CancellationToken ct) =>
        MoveAsync(applicationId, ApplicationStage.InterviewRequested, by, null, ct);

    public Task<StageMoveResult> RejectAsync(int applicationId, string by, string? reason, CancellationToken ct) =>
        MoveAsync(applicationId, ApplicationStage.Rejected, by, reason, ct);

    public async Task<StageMoveResult> MoveAsync(int applicationId, ApplicationStage to, string by, string? reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.DemandWriteAsync($"Application.{to}", $"Application {applicationId}", ct);
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null) return StageMoveResult.NotFound();
        return await MoveAsync(db, application, to, by, reason, ct);
    }

    /// <summary>
    /// Moves an application that <paramref name="db"/> already tracks, and saves. An outcome (hired, rejected, withdrawn)
    /// also writes the platform's event in the same save; <paramref name="origin"/> says when it came from an ATS.
    /// </summary>
    public async Task<StageMoveResult> MoveAsync(PortalDbContext db, Application application, ApplicationStage to, string by, string? reason, CancellationToken ct,
        StageMoveOrigin? origin = null)
    {
        var from = application.Stage;
        if (from == to)
        {
            return new StageMoveResult(StageMoveOutcome.AlreadyThere, $"Already {to.Label().ToLowerInvariant()}.", to);
        }
        if (!ApplicationStages.CanMove(from, to))
        {
            return new StageMoveResult(StageMoveOutcome.Refused, ApplicationStages.RefusalMessage(from, to), from);
        }

        var now = clock.GetUtcNow();
        application.Stage = to;
        application.StageChangedAt = now;
        application.Version = Guid.NewGuid();
        db.StageChanges.Add(new ApplicationStageChange
        {
            CompanyId = application.CompanyId,
            ApplicationId = application.Id,
            From = from,
            To = to,
            At = now,
            By = by,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        });
        var push = to == ApplicationStage.InterviewAccepted ? await outbox.EnqueueAsync(db, application, ct) : null;
        PlatformEvents.Add(db, application, to, reason, now, origin);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new StageMoveResult(StageMoveOutcome.Conflict, "Someone else changed this application a moment ago. Reload and try again.");
        }
        log.LogInformation("Application {ApplicationId} moved from {From} to {To}", application.Id, from, to);
        if (push is { State: PushState.Queued, ConnectionId: { } connectionId }) signals.Wake(connectionId);
        return new StageMoveResult(StageMoveOutcome.Moved, $"Moved to {to.Label().ToLowerInvariant()}.", to);
    }
}
