using Circular.Portal.Data;
using Circular.Portal.Marketplace.Api;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

public enum IntakeOutcome { Created, AlreadyExists, JobNotFound, JobNotOpen, ConflictingRetry }

public sealed record IntakeResult(IntakeOutcome Outcome, Application? Application, string Message);

/// <summary>
/// Records a candidate the platform sends for a job. Idempotent on the platform's application id:
/// a retried call (even one racing the first) returns the application the first call made.
/// </summary>
public sealed class ApplicationIntake(IDbContextFactory<PortalDbContext> dbFactory, CvStore cvStore, TimeProvider clock, ILogger<ApplicationIntake> log)
{
    public const string PlatformActor = "Circular platform";

    /// <summary>Rounds through the unique indexes before giving up: one per racing call that can win before us.</summary>
    private const int MaxAttempts = 3;

    /// <summary>
    /// Calls race on two unique indexes: the platform's application id (a retry of the same call: answer as a replay) and
    /// the company's candidate email (two applications of one new person: the loser goes round again, finds the winner's
    /// candidate and attaches its application to it).
    /// </summary>
    public async Task<IntakeResult> ReceiveAsync(NewApplicationRequest request, CvFile? cv, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryReceiveAsync(request, cv, ct);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                var raced = await FindAsync(dbFactory, request.PlatformApplicationId, ct);
                if (raced is not null)
                {
                    DiscardCv(cv);
                    return Replay(raced, request);
                }
                if (attempt >= MaxAttempts) throw;
                log.LogInformation("Application {PlatformApplicationId} met a concurrent intake for the same candidate; reading again", request.PlatformApplicationId);
            }
        }
    }

    private async Task<IntakeResult> TryReceiveAsync(NewApplicationRequest request, CvFile? cv, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await FindAsync(db, request.PlatformApplicationId, ct);
        if (existing is not null)
        {
            DiscardCv(cv);
            return Replay(existing, request);
        }

        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == request.JobId, ct);
        if (job is null)
        {
            DiscardCv(cv);
            return new IntakeResult(IntakeOutcome.JobNotFound, null, $"Job {request.JobId} does not exist.");
        }
        if (job.Status != JobStatus.Published)
        {
            DiscardCv(cv);
            return new IntakeResult(IntakeOutcome.JobNotOpen, null, $"Job {request.JobId} is {job.Status.ToString().ToLowerInvariant()}, not published.");
        }

        var email = Candidate.NormaliseEmail(request.Email);
        var candidate = await db.Candidates.SingleOrDefaultAsync(c => c.CompanyId == job.CompanyId && c.Email == email, ct);
        if (candidate is null)
        {
            candidate = new Candidate { CompanyId = job.CompanyId, FirstName = "", LastName = "", Email = email };
            db.Candidates.Add(candidate);
        }
        var replacedCv = cv is not null ? candidate.Cv : null;
        candidate.FirstName = request.FirstName.Trim();
        candidate.LastName = request.LastName.Trim();
        candidate.Phone = string.IsNullOrWhiteSpace(request.Phone) ? candidate.Phone : request.Phone.Trim();
        candidate.LinkedInUrl = string.IsNullOrWhiteSpace(request.LinkedInUrl) ? candidate.LinkedInUrl : request.LinkedInUrl.Trim();
        if (cv is not null) candidate.Cv = cv;

        var now = clock.GetUtcNow();
        var application = new Application
        {
            CompanyId = job.CompanyId,
            PlatformApplicationId = request.PlatformApplicationId,
            JobId = job.Id,
            Candidate = candidate,
            Stage = ApplicationStage.New,
            StageChangedAt = now,
        };
        application.History.Add(new ApplicationStageChange { CompanyId = job.CompanyId, To = ApplicationStage.New, At = now, By = PlatformActor });
        db.Applications.Add(application);
        await db.SaveChangesAsync(ct);
        if (replacedCv is not null) cvStore.Delete(replacedCv);
        log.LogInformation("Application {ApplicationId} received from the platform for job {JobId}", application.Id, job.Id);
        return new IntakeResult(IntakeOutcome.Created, application, "Application created.");
    }

    private static IntakeResult Replay(Application existing, NewApplicationRequest request) =>
        existing.JobId == request.JobId
            ? new IntakeResult(IntakeOutcome.AlreadyExists, existing, "Application already received.")
            : new IntakeResult(IntakeOutcome.ConflictingRetry, existing,
                $"platformApplicationId {request.PlatformApplicationId} was already used for another job.");

    private static Task<Application?> FindAsync(PortalDbContext db, string platformId, CancellationToken ct) =>
        db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.PlatformApplicationId == platformId, ct);

    private static async Task<Application?> FindAsync(IDbContextFactory<PortalDbContext> factory, string platformId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await FindAsync(db, platformId, ct);
    }

    private void DiscardCv(CvFile? cv)
    {
        if (cv is not null) cvStore.Delete(cv);
    }
}
