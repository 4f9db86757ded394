using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync;

/// <summary>The push's failure paths against the Workable Sandbox's fault switches, through the running worker.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class PushFailureTests(IntegrationFixture fixture)
{
    private async Task<(int CompanyId, int ConnectionId, string Account, int JobId)> ConnectedAsync(string company)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync(company);
        var (connectionId, account) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Workable, 5);
        var (jobId, _) = await fixture.MappedJobAsync(companyId, connectionId);
        return (companyId, connectionId, account, jobId);
    }

    [Fact]
    public async Task Three_server_errors_then_success_end_in_one_candidate()
    {
        var (companyId, _, account, jobId) = await ConnectedAsync("Push 503 Co");
        var email = $"flaky.{Guid.NewGuid():N}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);
        fixture.Emulator<WorkableEmulator>().Faults(account).ForcedServerErrors = 3;

        await fixture.AcceptAsync(companyId, applicationId);

        await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent);
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, account, email));
    }

    [Fact]
    public async Task A_long_rate_limit_pauses_only_this_connection_and_is_stored_not_slept_through()
    {
        var (companyId, connectionId, account, jobId) = await ConnectedAsync("Push 429 Co");
        var (otherCompany, otherConnection, otherAccount, otherJob) = await ConnectedAsync("Push 429 neighbour Co");
        var email = $"slow.{Guid.NewGuid():N}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);
        fixture.Emulator<WorkableEmulator>().SendRetryAfter(account, true);
        fixture.Emulator<WorkableEmulator>().Faults(account).ForceRateLimit(10, TimeSpan.FromMinutes(10));

        await fixture.AcceptAsync(companyId, applicationId);
        var paused = await fixture.Portal.WaitForPushAsync(applicationId, PushState.Queued, also: p => p.Attempts > 0);
        var connection = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));

        Assert.NotNull(connection.RateLimitedUntil);
        Assert.InRange(connection.RateLimitedUntil!.Value, DateTimeOffset.UtcNow.AddMinutes(8), DateTimeOffset.UtcNow.AddMinutes(16));
        Assert.True(paused.NextAttemptAt >= connection.RateLimitedUntil!.Value.AddSeconds(-1));
        Assert.Contains((await fixture.Portal.PushEventsAsync(applicationId)), e => e.Kind == PushEventKind.RateLimited && e.Message.StartsWith("Workable asked us to wait until"));
        Assert.Empty(fixture.SandboxCandidates(AtsKind.Workable, account, email));

        // The neighbour's push goes out meanwhile.
        var otherEmail = $"neighbour.{Guid.NewGuid():N}@example.com";
        var otherApplication = await fixture.RequestedApplicationAsync(otherCompany, otherJob, otherEmail);
        await fixture.AcceptAsync(otherCompany, otherApplication);
        await fixture.Portal.WaitForPushAsync(otherApplication, PushState.Sent);
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, otherAccount, otherEmail));
        _ = otherConnection;
    }

    [Fact]
    public async Task A_refused_candidate_is_dead_lettered_with_the_vendors_words_and_can_be_retried_or_discarded()
    {
        var (companyId, _, account, jobId) = await ConnectedAsync("Push 422 Co");
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, "refused@example.com");
        // An email the vendor refuses (blank): Workable answers 422 with its own message.
        await fixture.Portal.QueryAsync(db => db.Candidates.Where(c => c.Email == "refused@example.com" && c.CompanyId == companyId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Email, "")));

        await fixture.AcceptAsync(companyId, applicationId);
        var dead = await fixture.Portal.WaitForPushAsync(applicationId, PushState.DeadLettered);

        Assert.Contains("Email can't be blank", dead.LastError);
        Assert.Equal(422, dead.LastStatusCode);
        await fixture.WaitForNotificationAsync(companyId, "Ada Lovelace refused could not be sent to Workable");
        await using (var scope = fixture.ScopeFor(companyId))
        {
            var pushes = scope.ServiceProvider.GetRequiredService<CandidatePushes>();
            var failed = Assert.Single(await pushes.ListAsync(dead.ConnectionId!.Value, PushListFilter.Failed, default));
            Assert.True(failed.CanRetry);
            Assert.Equal(new PushCounts(0, 1), await pushes.CountsAsync(dead.ConnectionId.Value, default));

            var discarded = await pushes.DiscardAsync(dead.Id, "admin@test", default);
            Assert.True(discarded.Succeeded, discarded.Message);
            var retried = await pushes.RetryAsync(dead.Id, "admin@test", default);
            Assert.True(retried.Succeeded, retried.Message);
        }
        var again = await fixture.Portal.WaitForPushAsync(applicationId, PushState.DeadLettered, also: p => p.RetriedBy != null);
        Assert.Equal(("admin@test", "admin@test"), (again.DiscardedBy, again.RetriedBy));
        Assert.Empty(fixture.SandboxCandidates(AtsKind.Workable, account, ""));
    }

    [Fact]
    public async Task Revoked_credentials_hold_the_push_until_reconnect_then_it_is_sent()
    {
        var (companyId, connectionId, account, jobId) = await ConnectedAsync("Push reauth Co");
        var email = $"reauth.{Guid.NewGuid():N}@example.com";
        var applicationId = await fixture.RequestedApplicationAsync(companyId, jobId, email);
        var faults = fixture.Emulator<WorkableEmulator>().Faults(account);
        faults.Revoked = true;

        await fixture.AcceptAsync(companyId, applicationId);
        var waiting = await fixture.Portal.WaitForPushAsync(applicationId, PushState.Waiting);
        await fixture.WaitForStateAsync(connectionId, ConnectionState.NeedsReauth);
        Assert.Equal(PushWaitReason.NeedsReauth, waiting.WaitingReason);
        Assert.Equal(0, waiting.Attempts);

        faults.Revoked = false;
        var token = fixture.Emulator<WorkableEmulator>().Accounts.Single(a => a.Id == account).Credentials;
        _ = token;
        await using (var scope = fixture.ScopeFor(companyId))
        {
            // Reconnect with the same (now accepted again) token: the live connection is reused.
            var stored = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
            var secret = scope.ServiceProvider.GetRequiredService<CredentialVault>().Unprotect(stored)!.ApiToken!;
            var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
                .ConnectWithTokenAsync(new TokenConnectRequest(AtsKind.Workable, account, secret), fixture.BaseUrl, default);
            Assert.True(outcome.Succeeded, outcome.Message);
        }

        await fixture.Portal.WaitForPushAsync(applicationId, PushState.Sent);
        Assert.Single(fixture.SandboxCandidates(AtsKind.Workable, account, email));
    }
}
