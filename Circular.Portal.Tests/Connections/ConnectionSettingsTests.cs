using System.Net;
using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Recruitee;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Connections;

/// <summary>What a connection keeps after it is made: its jobs and links across a disconnect, its webhook secret and warnings.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class ConnectionSettingsTests(IntegrationFixture fixture)
{
    private async Task<ConnectOutcome> ConnectAsync(int companyId, AtsKind kind, string account, string token)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>()
            .ConnectWithTokenAsync(new TokenConnectRequest(kind, account, token), fixture.BaseUrl, default);
    }

    private async Task<ConnectOutcome> DisconnectAsync(int companyId, int connectionId)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await scope.ServiceProvider.GetRequiredService<ConnectionLifecycle>().DisconnectAsync(connectionId, default);
    }

    private async Task<T> WithSettingsAsync<T>(int companyId, Func<ConnectionWebhookSettings, Task<T>> action)
    {
        await using var scope = fixture.ScopeFor(companyId);
        return await action(scope.ServiceProvider.GetRequiredService<ConnectionWebhookSettings>());
    }

    [Fact]
    public async Task Connecting_the_same_account_again_after_a_disconnect_brings_back_its_jobs_and_links()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Reconnect Same Account Co");
        var account = fixture.Emulator<WorkableEmulator>().AddAccount("Reconnect Same Account Co", 8);
        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
        int jobsBefore;
        await using (var scope = fixture.ScopeFor(companyId))
        {
            var importer = scope.ServiceProvider.GetRequiredService<JobImporter>();
            var imported = await importer.ImportAsync(connectionId, includeDrafts: false, applyUpdates: false, "admin", null, default);
            Assert.True(imported.Succeeded, imported.Message);
            jobsBefore = imported.Created;
        }

        Assert.True((await DisconnectAsync(companyId, connectionId)).Succeeded);
        var again = await ConnectAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
        Assert.True(again.Succeeded, again.Message);
        await fixture.WaitForStateAsync(again.ConnectionId!.Value, ConnectionState.Connected);

        Assert.Equal(connectionId, again.ConnectionId);
        var links = await fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.CompanyId == companyId).Select(l => l.ConnectionId).ToListAsync());
        Assert.Equal(jobsBefore, links.Count);
        Assert.All(links, id => Assert.Equal(connectionId, id));
        Assert.Equal(8, await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(j => j.CompanyId == companyId)));
        await using (var scope = fixture.ScopeFor(companyId))
        {
            var preview = await scope.ServiceProvider.GetRequiredService<JobImporter>().PreviewAsync(connectionId, includeDrafts: false, default);
            Assert.Equal(0, preview.New);
            Assert.Equal(jobsBefore, preview.AlreadyLinked);
        }
    }

    [Fact]
    public async Task Connecting_a_different_account_after_a_disconnect_starts_a_new_connection_and_keeps_the_old_one_as_history()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Reconnect Other Account Co");
        var workable = fixture.Emulator<WorkableEmulator>();
        var first = workable.AddAccount("Reconnect Other Account Co", 3);
        var second = workable.AddAccount("Reconnect Other Account Co Two", 2);
        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, first.Subdomain, first.ApiToken);
        await DisconnectAsync(companyId, connectionId);

        var other = await ConnectAsync(companyId, AtsKind.Workable, second.Subdomain, second.ApiToken);

        Assert.True(other.Succeeded, other.Message);
        Assert.NotEqual(connectionId, other.ConnectionId);
        Assert.Equal(ConnectionState.Disconnected, (await fixture.Portal.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == connectionId))).State);
    }

    [Fact]
    public async Task The_portal_made_webhook_secret_is_shown_once_and_rotating_keeps_the_old_one_valid_for_the_grace_window()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Webhook Secret Once Co");
        var (connectionId, _) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Recruitee, 2);
        var publicId = await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.PublicId).SingleAsync());

        var first = await WithSettingsAsync(companyId, s => s.ShowSecretOnceAsync(connectionId, default));
        var second = await WithSettingsAsync(companyId, s => s.ShowSecretOnceAsync(connectionId, default));
        Assert.NotNull(first.Secret);
        Assert.Null(second.Secret);
        Assert.Contains("Rotate", second.Message);

        var rotated = await WithSettingsAsync(companyId, s => s.RotateSecretAsync(connectionId, default));
        Assert.NotNull(rotated.Secret);
        Assert.NotEqual(first.Secret, rotated.Secret);

        Assert.Equal(HttpStatusCode.OK, await PingAsync(publicId, first.Secret!));
        Assert.Equal(HttpStatusCode.OK, await PingAsync(publicId, rotated.Secret!));
        Assert.Equal(HttpStatusCode.Unauthorized, await PingAsync(publicId, "not-the-secret-at-all"));
        Assert.NotNull((await fixture.Portal.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == connectionId))).LastWebhookAt);
    }

    [Fact]
    public void A_rotated_secret_verifies_during_the_grace_window_and_only_the_new_one_after()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var secrets = new ConnectionSecrets { WebhookSecret = "old-secret-value" };

        secrets.ReplaceWebhookSecret("new-secret-value", now + ConnectionWebhookSettings.Grace);

        Assert.Equal(["new-secret-value", "old-secret-value"], secrets.WebhookSecretsAcceptedAt(now.AddHours(1)));
        Assert.Equal(["new-secret-value"], secrets.WebhookSecretsAcceptedAt(now + ConnectionWebhookSettings.Grace));
    }

    [Fact]
    public async Task A_failed_webhook_subscription_stays_on_the_connection_after_the_next_sync_until_a_signed_delivery_arrives()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Webhook Warning Co");
        var workable = fixture.Emulator<WorkableEmulator>();
        var account = workable.AddAccount("Webhook Warning Co", 3);
        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);

        workable.Faults(account.Subdomain).Revoked = true;
        var attempt = await WithSettingsAsync(companyId, s => s.SubscribeAgainAsync(connectionId, fixture.BaseUrl, default));
        workable.Faults(account.Subdomain).Revoked = false;
        Assert.False(attempt.Succeeded);
        await fixture.SyncNowAsync(connectionId);

        var connection = await fixture.Portal.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == connectionId));
        Assert.Null(connection.LastError);
        Assert.False(connection.WebhookAutoRegistered);
        Assert.Contains("could not subscribe", connection.WebhookWarning);

        var body = "{\"id\":\"evt-warn\",\"event_type\":\"candidate_moved\",\"fired_at\":\"2026-11-28T10:00:00Z\",\"resource_type\":\"candidate\",\"data\":{\"id\":\"c-1\",\"stage\":\"Interview\",\"disqualified\":false}}";
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/workable/{connection.PublicId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Workable-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(account.ApiToken), Encoding.UTF8.GetBytes(body))));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        Assert.Null((await fixture.Portal.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == connectionId))).WebhookWarning);
    }

    [Fact]
    public async Task Several_signature_tokens_pasted_for_a_vendor_that_issues_them_are_stored_and_short_ones_refused()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Pasted Keys Co");
        var (connectionId, _) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Teamtailor, 2);

        var tooShort = await WithSettingsAsync(companyId, s => s.SetVendorSecretAsync(connectionId, "abc", default));
        var saved = await WithSettingsAsync(companyId, s => s.SetVendorSecretAsync(connectionId, " token-one-123456\ntoken-two-654321 ", default));

        Assert.False(tooShort.Succeeded);
        Assert.True(saved.Succeeded, saved.Message);
        await using var scope = fixture.ScopeFor(companyId);
        var connection = await fixture.Portal.QueryAsync(db => db.Connections.SingleAsync(c => c.Id == connectionId));
        var secrets = scope.ServiceProvider.GetRequiredService<CredentialVault>().Unprotect(connection)!;
        Assert.Equal("token-one-123456 token-two-654321", secrets.WebhookSecret);
    }

    private async Task<HttpStatusCode> PingAsync(string publicId, string secret)
    {
        var body = "{\"test\":true}";
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hooks/recruitee/{publicId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Recruitee-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return (await http.SendAsync(request)).StatusCode;
    }
}
