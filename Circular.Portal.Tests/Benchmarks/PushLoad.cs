using System.Diagnostics;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Push load for the benchmarks, through the running portal: tenants with a Sandbox account of their own and a mapped
/// job, candidates (half with a PDF CV) whose interview is requested, accepted through the one workflow, then waited for.
/// </summary>
public static class PushLoad
{
    /// <summary>Switches every vendor's limit on at the benchmark's common factor: the Sandbox's limits and the portal's own budgets alike.</summary>
    public static void ScaleRateLimits(IntegrationFixture fixture)
    {
        fixture.Sandbox.Services.GetRequiredService<SandboxRateLimiter>().Scale = BenchmarkScale.RateLimits;
        fixture.Portal.Services.GetRequiredService<AtsRateGate>().Scale = BenchmarkScale.RateLimits;
    }

    public sealed record Tenant(SandboxTenant Sandbox, int JobId, List<int> ApplicationIds, List<string> Emails);

    /// <summary>A company connected to its own Sandbox account, a job mapped to it, and <paramref name="candidates"/> requested applications.</summary>
    public static async Task<Tenant> TenantAsync(IntegrationFixture fixture, string name, AtsKind kind, int candidates)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync(name);
        var sandbox = await fixture.ConnectOwnAccountAsync(companyId, kind, 10);
        var (jobId, _) = await fixture.MappedJobAsync(companyId, sandbox.ConnectionId);
        var cv = (await fixture.Portal.Services.GetRequiredService<CvStore>().SaveAsync(new MemoryStream(CvSamples.Pdf()), "CV.pdf", default)).File!;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var emails = Enumerable.Range(0, candidates).Select(i => $"bench.{tag}.{i}@example.com").ToList();
        var ids = await fixture.Portal.QueryAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var applications = emails.Select((email, i) => new Application
            {
                CompanyId = companyId, PlatformApplicationId = $"bench-{tag}-{i}", JobId = jobId, Stage = ApplicationStage.InterviewRequested, StageChangedAt = now,
                Candidate = new Candidate
                {
                    CompanyId = companyId, FirstName = "Bench", LastName = $"Candidate {tag} {i}", Email = email, Phone = "+44 20 7946 0000",
                    LinkedInUrl = $"https://www.linkedin.com/in/bench-{tag}-{i}",
                    Cv = i % 2 == 0 ? new CvFile { StoredName = cv.StoredName, FileName = cv.FileName, ContentType = cv.ContentType, SizeBytes = cv.SizeBytes } : null,
                },
            }).ToList();
            db.Applications.AddRange(applications);
            await db.SaveChangesAsync();
            return applications.Select(a => a.Id).ToList();
        });
        return new Tenant(sandbox, jobId, ids, emails);
    }

    /// <summary>Every candidate of the tenant accepts, one after the other, as they would from the platform.</summary>
    public static async Task AcceptAllAsync(IntegrationFixture fixture, Tenant tenant)
    {
        await using var scope = fixture.ScopeFor(tenant.Sandbox.CompanyId);
        var workflow = scope.ServiceProvider.GetRequiredService<ApplicationWorkflow>();
        foreach (var id in tenant.ApplicationIds)
        {
            var moved = await workflow.MoveAsync(id, ApplicationStage.InterviewAccepted, "Circular platform", null, default);
            Assert.True(moved.Succeeded, moved.Message);
        }
    }

    /// <summary>
    /// Holds the connection's pushes (its rate-limit pause set an hour ahead, as a vendor's 429 would) so candidates can
    /// accept before the clock starts; <see cref="ReleaseAsync"/> lifts it and wakes the connection's worker.
    /// </summary>
    public static Task HoldAsync(IntegrationFixture fixture, int connectionId) => SetPauseAsync(fixture, connectionId, DateTimeOffset.UtcNow.AddHours(1));

    public static async Task ReleaseAsync(IntegrationFixture fixture, int connectionId)
    {
        await SetPauseAsync(fixture, connectionId, null);
        fixture.Portal.Services.GetRequiredService<PushSignals>().Wake(connectionId);
    }

    private static Task SetPauseAsync(IntegrationFixture fixture, int connectionId, DateTimeOffset? until) =>
        fixture.Portal.QueryAsync(db => db.Connections.IgnoreQueryFilters().Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RateLimitedUntil, until)));

    /// <summary>How many of the connection's pushes are sent and how many ended as dead letters.</summary>
    public static Task<(int Sent, int Dead)> ProgressAsync(IntegrationFixture fixture, int connectionId) =>
        fixture.Portal.QueryAsync(async db =>
        {
            var states = await db.Set<CandidatePush>().IgnoreQueryFilters().Where(p => p.ConnectionId == connectionId)
                .GroupBy(p => p.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            return (states.Where(s => s.Key == PushState.Sent).Sum(s => s.Count), states.Where(s => s.Key == PushState.DeadLettered).Sum(s => s.Count));
        });

    /// <summary>Waits until every push of the tenant is sent or dead-lettered; returns the time from <paramref name="clock"/>'s start.</summary>
    public static async Task<TimeSpan> WaitForAllAsync(IntegrationFixture fixture, Tenant tenant, Stopwatch clock, TimeSpan timeout)
    {
        while (true)
        {
            var (sent, dead) = await ProgressAsync(fixture, tenant.Sandbox.ConnectionId);
            if (sent + dead >= tenant.ApplicationIds.Count) return clock.Elapsed;
            if (clock.Elapsed > timeout) throw new TimeoutException($"{tenant.Sandbox.Kind}: {sent} sent, {dead} dead of {tenant.ApplicationIds.Count} after {clock.Elapsed}");
            await Task.Delay(100);
        }
    }

    /// <summary>Candidates the Sandbox account holds more than once (by email): must be none.</summary>
    public static int Duplicates(IntegrationFixture fixture, Tenant tenant)
    {
        var emails = tenant.Emails.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return fixture.Sandbox.Emulators.Single(e => e.Vendor == tenant.Sandbox.Kind.ToString().ToLowerInvariant()).Candidates(tenant.Sandbox.AccountId)
            .Where(c => c.Email is not null && emails.Contains(c.Email))
            .GroupBy(c => c.Email!, StringComparer.OrdinalIgnoreCase).Sum(g => g.Count() - 1);
    }
}
