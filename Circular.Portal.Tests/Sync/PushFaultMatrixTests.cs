using Circular.Portal.Data;
using System.Globalization;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync;

/// <summary>
/// The push's fault matrix against the Sandbox, for every vendor, through the running worker: server errors, rate
/// limits with Retry-After in seconds and as an HTTP date, a create whose answer is lost, 401 then refresh, 403,
/// a job gone at the vendor, and 422. Each fault is switched on for the vendor account right before the accept.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class PushFaultMatrixTests(IntegrationFixture fixture)
{
    public static TheoryData<AtsKind> Vendors => new() { AtsKind.Workable, AtsKind.Greenhouse, AtsKind.Teamtailor, AtsKind.Recruitee, AtsKind.Lever };

    private sealed record Arranged(int CompanyId, int ConnectionId, string Account, int JobId, string AtsJobId, int ApplicationId, string Email, SandboxFaults Faults, ISandboxEmulator Emulator);

    private async Task<Arranged> ArrangeAsync(AtsKind kind, string test)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync($"Faults {test} {kind} Co");
        var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, kind, 3);
        var (jobId, atsJobId) = await fixture.MappedJobAsync(companyId, connectionId);
        var email = $"{test}.{kind.ToString().ToLowerInvariant()}.{Guid.NewGuid().ToString("N")[..8]}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);
        var emulator = fixture.Sandbox.Emulators.Single(e => e.Vendor == kind.ToString().ToLowerInvariant());
        return new Arranged(companyId, connectionId, account, jobId, atsJobId, applicationId, email, emulator.Faults(account), emulator);
    }

    private async Task WithFaultsAsync(AtsKind kind, string test, Func<Arranged, Task> act)
    {
        var arranged = await ArrangeAsync(kind, test);
        try
        {
            await act(arranged);
        }
        finally
        {
            // Lever's and Greenhouse's consent grants a shared demo account: leave it clean for the next test.
            arranged.Faults.Clear();
        }
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public Task Three_server_errors_then_success_end_in_one_candidate(AtsKind kind) => WithFaultsAsync(kind, "flaky", async a =>
    {
        a.Faults.Answer(500, count: 3);

        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);

        await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Sent, TimeSpan.FromSeconds(60));
        Assert.Single(fixture.SandboxCandidates(kind, a.Account, a.Email));
    });

    [Theory]
    [InlineData(AtsKind.Workable, "seconds", 429)]
    [InlineData(AtsKind.Greenhouse, "date", 429)]
    [InlineData(AtsKind.Teamtailor, "date", 503)]
    [InlineData(AtsKind.Recruitee, "seconds", 503)]
    [InlineData(AtsKind.Lever, "date", 429)]
    [InlineData(AtsKind.Workable, "date", 503)]
    [InlineData(AtsKind.Lever, "seconds", 503)]
    public Task A_retry_after_in_seconds_or_as_an_http_date_pauses_the_connection_until_then(AtsKind kind, string format, int status) =>
        WithFaultsAsync(kind, "pause", async a =>
        {
            var until = DateTimeOffset.UtcNow.AddMinutes(10);
            var header = format == "date" ? until.ToString("R", CultureInfo.InvariantCulture) : "600";
            a.Faults.Answer(status, count: 50, retryAfter: header);

            await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);
            var paused = await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Queued, TimeSpan.FromSeconds(60), p => p.Attempts > 0);
            var connection = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == a.ConnectionId));

            Assert.NotNull(connection.RateLimitedUntil);
            Assert.InRange(connection.RateLimitedUntil!.Value, until.AddMinutes(-1), until.AddMinutes(1));
            Assert.True(paused.NextAttemptAt >= connection.RateLimitedUntil.Value.AddSeconds(-1), "the next attempt is not before the vendor's Retry-After");
            Assert.Equal(status, paused.LastStatusCode);
            Assert.Empty(fixture.SandboxCandidates(kind, a.Account, a.Email));
        });

    [Theory]
    [MemberData(nameof(Vendors))]
    public Task A_create_whose_answer_is_lost_is_found_on_the_retry_and_never_doubled(AtsKind kind) => WithFaultsAsync(kind, "lost", async a =>
    {
        a.Faults.LoseWriteAnswers(1);

        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);

        var sent = await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Sent, TimeSpan.FromSeconds(60));
        Assert.True(sent.Attempts >= 2, $"the lost answer failed the first attempt (attempts: {sent.Attempts})");
        var candidate = Assert.Single(fixture.SandboxCandidates(kind, a.Account, a.Email));
        Assert.Contains(AtsCandidatePush.Tag, candidate.Tags);
    });

    [Theory]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Lever)]
    public Task A_401_on_an_oauth_vendor_refreshes_the_token_and_the_push_goes_out(AtsKind kind) => WithFaultsAsync(kind, "refresh", async a =>
    {
        a.Faults.Answer(401);

        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);

        await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Sent, TimeSpan.FromSeconds(60));
        Assert.Single(fixture.SandboxCandidates(kind, a.Account, a.Email));
        var connection = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == a.ConnectionId));
        Assert.Equal(Circular.Portal.Connections.ConnectionState.Connected, connection.State);
    });

    [Theory]
    [MemberData(nameof(Vendors))]
    public Task A_403_is_dead_lettered_as_a_missing_permission(AtsKind kind) => WithFaultsAsync(kind, "forbidden", async a =>
    {
        // Twice: Greenhouse reads its optional source list first and carries on without it.
        a.Faults.Answer(403, count: 2, message: "This key may not do that (sandbox)");

        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);

        var dead = await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.DeadLettered, TimeSpan.FromSeconds(60));
        Assert.Equal(403, dead.LastStatusCode);
        Assert.Contains("permission", dead.LastError);
        Assert.Empty(fixture.SandboxCandidates(kind, a.Account, a.Email));
    });

    [Theory]
    [MemberData(nameof(Vendors))]
    public Task A_422_is_dead_lettered_with_the_vendors_own_words(AtsKind kind) => WithFaultsAsync(kind, "refused", async a =>
    {
        // Twice: Recruitee's quick search is optional (a refusal there falls through to the candidate list).
        a.Faults.Answer(422, count: 2, message: "Candidate is not valid: sandbox says no");

        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);

        var dead = await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.DeadLettered, TimeSpan.FromSeconds(60));
        Assert.Equal(422, dead.LastStatusCode);
        Assert.Contains("sandbox says no", dead.LastError);
    });

    [Theory]
    [MemberData(nameof(Vendors))]
    public Task A_job_deleted_at_the_vendor_is_dead_lettered_not_retried(AtsKind kind) => WithFaultsAsync(kind, "gone", async a =>
    {
        a.Emulator.ChangeJob(a.Account, a.AtsJobId, SandboxJobChange.Delete);

        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);

        var dead = await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.DeadLettered, TimeSpan.FromSeconds(60));
        Assert.Contains(dead.LastStatusCode, new int?[] { 404, 422 });
        Assert.Equal(1, dead.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(dead.LastError));
    });

    [Fact]
    public async Task Two_workers_on_one_pending_push_make_one_create()
    {
        var a = await ArrangeAsync(AtsKind.Workable, "twice");
        // The connection is paused, so the portal's own worker leaves the push queued while two more are set up.
        await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == a.ConnectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RateLimitedUntil, DateTimeOffset.UtcNow.AddHours(1))));
        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);
        await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == a.ConnectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RateLimitedUntil, (DateTimeOffset?)null)));

        await using var one = fixture.Portal.Services.CreateAsyncScope();
        await using var two = fixture.Portal.Services.CreateAsyncScope();
        one.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("worker one");
        two.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("worker two");
        var handled = await Task.WhenAll(
            one.ServiceProvider.GetRequiredService<PushWorker>().RunAsync(a.ConnectionId, default),
            two.ServiceProvider.GetRequiredService<PushWorker>().RunAsync(a.ConnectionId, default));

        await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Sent);
        Assert.True(handled.Sum() <= 1, $"the push was claimed {handled.Sum()} times");
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, a.Account, a.Email));
        Assert.Equal(1, (await fixture.Portal.PushOfAsync(a.ApplicationId)).Attempts);
    }

    [Fact]
    public async Task Needs_reauth_holds_the_queued_push_visibly_and_a_reconnect_sends_it()
    {
        var a = await ArrangeAsync(AtsKind.Workable, "reauth");
        await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == a.ConnectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RateLimitedUntil, DateTimeOffset.UtcNow.AddHours(1))));
        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);
        await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Queued);

        // As the token refresh job does when a vendor refuses the refresh (invalid_grant).
        await using (var scope = fixture.ScopeFor(a.CompanyId))
        {
            await scope.ServiceProvider.GetRequiredService<Circular.Portal.Connections.ConnectionLifecycle>()
                .MarkNeedsReauthAsync(a.ConnectionId, "invalid_grant", default);
        }
        var waiting = await fixture.Portal.PushOfAsync(a.ApplicationId);
        Assert.Equal((PushState.Waiting, PushWaitReason.NeedsReauth), (waiting.State, waiting.WaitingReason));
        Assert.Contains(await fixture.Portal.PushEventsAsync(a.ApplicationId), e => e.Kind == PushEventKind.Waiting);

        await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == a.ConnectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RateLimitedUntil, (DateTimeOffset?)null)));
        await using (var scope = fixture.ScopeFor(a.CompanyId))
        {
            var stored = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == a.ConnectionId));
            var secret = scope.ServiceProvider.GetRequiredService<Circular.Portal.Connections.CredentialVault>().Unprotect(stored)!.ApiToken!;
            var outcome = await scope.ServiceProvider.GetRequiredService<Circular.Portal.Connections.ConnectionLifecycle>()
                .ConnectWithTokenAsync(new Circular.Portal.Connections.TokenConnectRequest(AtsKind.Workable, a.Account, secret), fixture.BaseUrl, default);
            Assert.True(outcome.Succeeded, outcome.Message);
        }

        await fixture.Portal.WaitForPushAsync(a.ApplicationId, PushState.Sent, TimeSpan.FromSeconds(60));
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, a.Account, a.Email));
    }

    [Fact]
    public async Task A_claim_holds_the_push_for_its_lease_and_another_worker_takes_it_once_the_lease_expires()
    {
        var a = await ArrangeAsync(AtsKind.Workable, "lease");
        // Paused on the real clock, so the portal's own worker leaves the push alone; the test's workers live later.
        var pausedUntil = DateTimeOffset.UtcNow.AddHours(1);
        await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == a.ConnectionId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.RateLimitedUntil, pausedUntil)));
        await fixture.AcceptAsync(a.CompanyId, a.ApplicationId);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(pausedUntil.AddHours(1));

        await using var scope = fixture.Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("lease test");
        PushWorker Worker() => ActivatorUtilities.CreateInstance<PushWorker>(scope.ServiceProvider, (TimeProvider)clock);

        var first = await Worker().ClaimNextAsync(a.ConnectionId, default);
        Assert.NotNull(first);
        Assert.Null(await Worker().ClaimNextAsync(a.ConnectionId, default));

        clock.Advance(PushWorker.Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await Worker().ClaimNextAsync(a.ConnectionId, default));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(first, await Worker().ClaimNextAsync(a.ConnectionId, default));
        var push = await fixture.Portal.PushOfAsync(a.ApplicationId);
        Assert.Equal((PushState.Sending, 2), (push.State, push.Attempts));
        Assert.Equal(clock.GetUtcNow() + PushWorker.Lease, push.LockedUntil);
    }
}
