using Circular.Portal.Data;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Arranges an accepted candidate for a mapped job and waits for its push, through the portal's own classes.</summary>
public static class PushKit
{
    /// <summary>A published Circular job linked to the connection's first open ATS job; returns the job id and the ATS job's external id.</summary>
    public static Task<(int JobId, string AtsJobExternalId)> MappedJobAsync(this IntegrationFixture fixture, int companyId, int connectionId) =>
        fixture.Portal.MappedJobAsync(companyId, connectionId);

    public static async Task<(int JobId, string AtsJobExternalId)> MappedJobAsync(this PortalFactory portal, int companyId, int connectionId)
    {
        var atsJob = await portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && a.MissingSince == null)
            .OrderBy(a => a.Id).FirstAsync());
        var jobId = await portal.AddPublishedJobAsync(companyId, atsJob.Title, atsJob.Location ?? "", "");
        await portal.LinkAsync(companyId, jobId, atsJob.Id);
        return (jobId, atsJob.ExternalId);
    }

    public static Task LinkAsync(this IntegrationFixture fixture, int companyId, int jobId, int atsJobId) => fixture.Portal.LinkAsync(companyId, jobId, atsJobId);

    public static async Task LinkAsync(this PortalFactory portal, int companyId, int jobId, int atsJobId)
    {
        await using var scope = portal.ScopeFor(companyId);
        var linked = await scope.ServiceProvider.GetRequiredService<JobLinker>().LinkAsync(jobId, atsJobId, null, LinkOrigin.Manual, "admin@test", default);
        Assert.True(linked.Succeeded, linked.Message);
    }

    /// <summary>A candidate with a PDF CV and a LinkedIn profile whose interview is requested; returns the application id.</summary>
    public static Task<int> RequestedApplicationAsync(this IntegrationFixture fixture, int companyId, int jobId, string email) =>
        fixture.Portal.RequestedApplicationAsync(companyId, jobId, email);

    public static async Task<int> RequestedApplicationAsync(this PortalFactory portal, int companyId, int jobId, string email)
    {
        var store = portal.Services.GetRequiredService<CvStore>();
        var saved = await store.SaveAsync(new MemoryStream(CvSamples.Pdf()), "Ada CV.pdf", default);
        return await portal.QueryAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var application = new Application
            {
                CompanyId = companyId, PlatformApplicationId = $"push-{Guid.NewGuid():N}", JobId = jobId, Stage = ApplicationStage.InterviewRequested, StageChangedAt = now,
                Candidate = new Candidate
                {
                    CompanyId = companyId, FirstName = "Ada", LastName = "Lovelace " + email.Split('@')[0], Email = email,
                    LinkedInUrl = "https://www.linkedin.com/in/ada-" + email.Split('@')[0], Phone = "+44 20 7946 0000", Cv = saved.File,
                },
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            return application.Id;
        });
    }

    /// <summary>The candidate accepts, through the one workflow the inbox, the API and the simulation use.</summary>
    public static Task AcceptAsync(this IntegrationFixture fixture, int companyId, int applicationId) => fixture.Portal.AcceptAsync(companyId, applicationId);

    public static async Task AcceptAsync(this PortalFactory portal, int companyId, int applicationId)
    {
        await using var scope = portal.ScopeFor(companyId);
        var moved = await scope.ServiceProvider.GetRequiredService<ApplicationWorkflow>().MoveAsync(applicationId, ApplicationStage.InterviewAccepted, "Circular platform", null, default);
        Assert.True(moved.Succeeded, moved.Message);
    }

    public static Task<CandidatePush> PushOfAsync(this PortalFactory portal, int applicationId) =>
        portal.QueryAsync(db => db.Set<CandidatePush>().AsNoTracking().SingleAsync(p => p.ApplicationId == applicationId));

    /// <summary>Waits until the application's push is in <paramref name="state"/> (the worker runs in the portal).</summary>
    public static async Task<CandidatePush> WaitForPushAsync(this PortalFactory portal, int applicationId, PushState state, TimeSpan? timeout = null, Func<CandidatePush, bool>? also = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var push = await portal.QueryAsync(db => db.Set<CandidatePush>().AsNoTracking().SingleOrDefaultAsync(p => p.ApplicationId == applicationId));
            if (push?.State == state && (also is null || also(push))) return push;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Push of application {applicationId} is {push?.State} ({push?.WaitingReason}), not {state}: {push?.LastError}");
            await Task.Delay(50);
        }
    }

    public static Task<List<CandidatePushEvent>> PushEventsAsync(this PortalFactory portal, int applicationId) =>
        portal.QueryAsync(db => db.Set<CandidatePushEvent>().AsNoTracking().Where(e => e.ApplicationId == applicationId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>The sandbox candidates of the account with this email.</summary>
    public static IReadOnlyList<Circular.Portal.Sandbox.SandboxCandidateView> SandboxCandidates(this IntegrationFixture fixture, AtsKind kind, string accountId, string email) =>
        fixture.Sandbox.SandboxCandidates(kind, accountId, email);

    public static IReadOnlyList<Circular.Portal.Sandbox.SandboxCandidateView> SandboxCandidates(this Circular.Portal.Sandbox.SandboxHost sandbox, AtsKind kind, string accountId, string email) =>
        sandbox.Emulators.Single(e => e.Vendor == kind.ToString().ToLowerInvariant()).Candidates(accountId)
            .Where(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase)).ToList();
}
