using Circular.Portal.Connections;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Connections;

[Collection(IntegrationCollection.Name)]
public sealed class TokenConnectionTests(IntegrationFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private WorkableEmulator Workable => fixture.Emulator<WorkableEmulator>();

    private async Task<ConnectOutcome> ConnectAsync(int companyId, string subdomain, string token)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
            .ConnectWithTokenAsync(new TokenConnectRequest(AtsKind.Workable, subdomain, token), fixture.BaseUrl, default);
    }

    [Fact]
    public async Task A_verified_token_connects_syncs_every_job_and_tells_the_admin_by_bell_and_email()
    {
        var (companyId, admin) = await fixture.Portal.CreateAsync("Token Co");
        var account = Workable.AddAccount("Token Co", 40);

        var outcome = await ConnectAsync(companyId, account.Subdomain, account.ApiToken);
        Assert.True(outcome.Succeeded, outcome.Message);
        var connection = await fixture.WaitForStateAsync(outcome.ConnectionId!.Value, ConnectionState.Connected);

        Assert.Equal(account.ApiToken[^4..], connection.SecretHint);
        Assert.Equal(Workable.Jobs(account.Subdomain).Count,
            await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == connection.Id)));
        await fixture.WaitForNotificationAsync(companyId, "Workable: first sync finished");
        Assert.Equal(1, await fixture.Portal.QueryAsync(db => db.Notifications.CountAsync(n => n.CompanyId == companyId)));
        var email = await fixture.Smtp.WaitForAsync(m => m.To.ToString().Contains(admin) && m.Subject == "Workable: first sync finished");
        Assert.Contains("40 jobs", email.TextBody);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_its_own_message_and_nothing_is_saved()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Wrong Token Co");
        var account = Workable.AddAccount("Wrong Token Co", 3);

        var outcome = await ConnectAsync(companyId, account.Subdomain, "wk_not_the_right_token_000000");

        Assert.False(outcome.Succeeded);
        Assert.Contains("refused these credentials", outcome.Message);
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));
    }

    [Fact]
    public async Task A_wrong_subdomain_says_so()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Wrong Subdomain Co");
        var account = Workable.AddAccount("Wrong Subdomain Co", 3);

        var outcome = await ConnectAsync(companyId, "no-such-company", account.ApiToken);

        Assert.False(outcome.Succeeded);
        Assert.Contains("subdomain", outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));
    }

    [Fact]
    public async Task A_token_without_read_candidates_scope_names_the_missing_permission()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Read Only Co");
        var account = Workable.AddAccount("Read Only Co", 3, "r_jobs", "w_candidates");

        var outcome = await ConnectAsync(companyId, account.Subdomain, account.ApiToken);

        Assert.False(outcome.Succeeded);
        Assert.Contains("missing", outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId)));
    }

    [Fact]
    public async Task Verification_writes_nothing_so_a_token_without_write_scope_connects_with_write_left_to_the_first_push()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("No Write Co");
        var account = Workable.AddAccount("No Write Co", 3, "r_jobs", "r_candidates");

        var outcome = await ConnectAsync(companyId, account.Subdomain, account.ApiToken);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.DoesNotContain(Workable.Requests(account.Subdomain), r => r.StartsWith("POST", StringComparison.Ordinal) && r.Contains("/candidates", StringComparison.Ordinal));
        var connection = await fixture.Portal.QueryAsync(db => db.Connections.SingleAsync(c => c.CompanyId == companyId));
        Assert.Null(connection.WriteConfirmedAt);
    }

    [Fact]
    public async Task A_vendor_that_is_down_is_reported_as_temporary()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Down Co");
        var account = Workable.AddAccount("Down Co", 3);
        Workable.Faults(account.Subdomain).ServerErrorRate = 1;

        var outcome = await ConnectAsync(companyId, account.Subdomain, account.ApiToken);

        Assert.False(outcome.Succeeded);
        Assert.Contains("not answering right now", outcome.Message);
    }

    [Fact]
    public async Task A_revoked_token_needs_reauth_and_reconnect_keeps_the_same_connection()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Revoked Co");
        var account = Workable.AddAccount("Revoked Co", 5);
        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
        var jobsBefore = await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == connectionId));

        Workable.Faults(account.Subdomain).Revoked = true;
        await using (var scope = fixture.ScopeFor(companyId))
        {
            scope.ServiceProvider.GetRequiredService<Circular.Portal.Data.TenantContext>().RunAsSystem("Tests");
            await scope.ServiceProvider.GetRequiredService<Circular.Portal.Sync.SyncConnectionJob>().RunAsync(connectionId, first: false, default);
        }
        var broken = await fixture.WaitForStateAsync(connectionId, ConnectionState.NeedsReauth);
        Assert.NotNull(broken.LastError);
        Assert.True(await fixture.Portal.QueryAsync(db => db.Notifications.AnyAsync(n => n.CompanyId == companyId && n.Title == "Workable needs to be reconnected")));

        Workable.Faults(account.Subdomain).Revoked = false;
        var reconnected = await ConnectAsync(companyId, account.Subdomain, account.ApiToken);

        Assert.True(reconnected.Succeeded, reconnected.Message);
        Assert.Equal(connectionId, reconnected.ConnectionId);
        await fixture.WaitForStateAsync(connectionId, ConnectionState.Connected);
        Assert.Equal(jobsBefore, await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task Disconnect_removes_the_subscription_wipes_secrets_and_keeps_history()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Disconnect Co");
        var account = Workable.AddAccount("Disconnect Co", 4);
        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
        var subscription = await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.WebhookSubscriptionId).SingleAsync());
        Assert.NotNull(subscription);

        await using (var scope = fixture.ScopeFor(companyId))
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>().DisconnectAsync(connectionId, default);
            Assert.True(outcome.Succeeded, outcome.Message);
        }

        var connection = await fixture.Portal.QueryAsync(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == connectionId));
        Assert.Equal(ConnectionState.Disconnected, connection.State);
        Assert.Null(connection.SecretsCiphertext);
        Assert.Null(connection.WebhookSubscriptionId);
        Assert.Equal(4, await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == connectionId)));
        Assert.True(await fixture.Portal.QueryAsync(db => db.SyncRuns.AnyAsync(r => r.ConnectionId == connectionId)));
    }

    [Fact]
    public async Task The_first_sync_of_an_account_with_500_jobs_finishes_and_notifies()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Big Co");
        var account = Workable.AddAccount("Big Co", 500);
        var started = DateTime.UtcNow;

        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);

        Assert.Equal(500, await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == connectionId)));
        await fixture.WaitForNotificationAsync(companyId, "Workable: first sync finished");
        output.WriteLine($"First sync of 500 Workable jobs finished in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Teamtailor_and_Recruitee_connect_sync_and_disconnect_by_key()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Keys Co");
        var teamtailor = fixture.Emulator<Circular.Portal.Sandbox.Teamtailor.TeamtailorEmulator>().AddAccount("Keys Co", 35, "na");
        var recruitee = fixture.Emulator<Circular.Portal.Sandbox.Recruitee.RecruiteeEmulator>().AddAccount("Keys Co", 25);

        var teamtailorId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Teamtailor, teamtailor.Region, teamtailor.AdminKey);
        var recruiteeId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Recruitee, recruitee.CompanyId, recruitee.ApiToken);

        Assert.True(await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == teamtailorId)) >= 30);
        Assert.True(await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.ConnectionId == recruiteeId)) >= 20);
        await using var scope = fixture.ScopeFor(companyId);
        var lifecycle = scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>();
        var publicKey = await lifecycle.VerifyAsync(AtsKind.Teamtailor, new AtsCredentials { Account = teamtailor.Region, ApiToken = teamtailor.PublicKey }, default);
        Assert.False(publicKey.Succeeded);
        Assert.True((await lifecycle.DisconnectAsync(teamtailorId, default)).Succeeded);
        Assert.True((await lifecycle.DisconnectAsync(recruiteeId, default)).Succeeded);
        Assert.Equal(2, await fixture.Portal.QueryAsync(db => db.Connections.CountAsync(c => c.CompanyId == companyId && c.State == ConnectionState.Disconnected)));
    }

    [Fact]
    public async Task A_token_expiring_within_two_weeks_warns_the_admins_once()
    {
        var (companyId, admin) = await fixture.Portal.CreateAsync("Expiring Co");
        var account = Workable.AddAccount("Expiring Co", 2);
        var expiresOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10));
        await using (var scope = fixture.ScopeFor(companyId))
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
                .ConnectWithTokenAsync(new TokenConnectRequest(AtsKind.Workable, account.Subdomain, account.ApiToken, ExpiresOn: expiresOn), fixture.BaseUrl, default);
            Assert.True(outcome.Succeeded, outcome.Message);
        }

        for (var run = 0; run < 2; run++)
        {
            await using var scope = fixture.ScopeFor(companyId);
            scope.ServiceProvider.GetRequiredService<Circular.Portal.Data.TenantContext>().RunAsSystem("Tests");
            await scope.ServiceProvider.GetRequiredService<Circular.Portal.Sync.WarnExpiringCredentialsJob>().WarnAsync(default);
        }

        var warnings = await fixture.Portal.QueryAsync(db => db.Notifications.Where(n => n.CompanyId == companyId && n.Title == "Workable token expires soon").ToListAsync());
        var warning = Assert.Single(warnings);
        Assert.Contains(expiresOn.ToString("yyyy-MM-dd"), warning.Body);
        await fixture.Smtp.WaitForAsync(m => m.To.ToString().Contains(admin) && m.Subject == "Workable token expires soon");
    }
}
