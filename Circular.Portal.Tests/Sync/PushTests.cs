using Circular.Portal.Providers;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync;

/// <summary>Accept → the candidate is in the Sandbox ATS once, tagged Circular, with CV and LinkedIn; through the running portal's worker.</summary>
[Collection(IntegrationCollection.Name)]
public class PushTests(IntegrationFixture fixture)
{
    [DatabaseTheory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Lever)]
    public async Task An_accepted_candidate_reaches_the_mapped_ats_job_once_with_tag_cv_and_linkedin(AtsKind kind)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync($"Push {kind} Co");
        var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, kind, 5);
        var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
        var email = $"ada.{kind.ToString().ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..8]}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);

        await fixture.AcceptAsync(companyId, applicationId);
        var push = await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent, also: p => p.AttributionCheckedAt is not null);

        var stored = Assert.Single(fixture.SandboxCandidates(kind, account, email));
        Assert.Contains(AtsCandidatePush.Tag, stored.Tags);
        Assert.NotNull(stored.Cv);
        Assert.Equal(push.VendorCandidateId, stored.Id);
        Assert.Equal(PushResultKind.Created, push.Result);
        Assert.Equal(connectionId, push.ConnectionId);
        var events = await fixture.Portal.PushEventsAsync(applicationId);
        Assert.Equal([PushEventKind.Queued, PushEventKind.Sending, PushEventKind.Sent, PushEventKind.AttributionChecked], events.Select(e => e.Kind).Where(k => k != PushEventKind.CvFetched));
    }

    [DatabaseFact]
    public async Task A_push_for_an_unmapped_job_waits_visibly_and_linking_the_job_releases_it()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Push waits Co");
        var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Workable, 5);
        var atsJob = await fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open).OrderBy(a => a.Id).FirstAsync());
        var jobId = await fixture.Portal.AddPublishedJobAsync(companyId, "Unmapped role", "", "");
        var email = $"wait.{Guid.NewGuid():N}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);

        await fixture.AcceptAsync(companyId, applicationId);
        var waiting = await fixture.Portal.PushOfAsync(applicationId);
        Assert.Equal((PushState.Waiting, PushWaitReason.NoLink), (waiting.State, waiting.WaitingReason));
        await using (var scope = fixture.ScopeFor(companyId))
        {
            var timeline = await scope.ServiceProvider.GetRequiredService<CandidatePushes>().GetTimelineAsync(applicationId, default);
            Assert.Equal("Waiting: map this job to an ATS job", timeline!.Push.StatusText);
        }
        Assert.Empty(fixture.SandboxCandidates(AtsKind.Workable, account, email));

        await fixture.LinkAsync(companyId, jobId, atsJob.Id);
        await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent);
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, account, email));
    }

    [DatabaseFact]
    public async Task Three_workers_on_one_pending_push_create_one_candidate()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Push race Co");
        var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Workable, 5);
        var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
        var email = $"race.{Guid.NewGuid():N}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);

        // The portal's own worker is woken by the accept; two more race it.
        await fixture.AcceptAsync(companyId, applicationId);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = fixture.Portal.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Circular.Portal.Data.TenantContext>().RunAsSystem("test worker");
            await scope.ServiceProvider.GetRequiredService<PushWorker>().RunAsync(connectionId, default);
        }));

        await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent);
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, account, email));
    }
}

/// <summary>The same on PostgreSQL: a push per vendor through the worker, with outbox claims by row lock.</summary>
[OnPostgres]
[Collection(PostgresIntegrationCollection.Name)]
public sealed class PushOnPostgresTests(PostgresIntegrationFixture fixture) : PushTests(fixture);
