using System.Net;
using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Circular.Portal.Tests.Providers.Greenhouse;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Connections;

/// <summary>
/// What the webhook receiver answers decides whether the vendor delivers again: 2xx only once every event is stored.
/// Runs the portal in-process; a test-only header makes the Workable provider report one extra event per delivery.
/// </summary>
public sealed class WebhookStorageTests(WebhookStorageTests.Host host) : IClassFixture<WebhookStorageTests.Host>
{
    public sealed class Host : IDisposable
    {
        public PortalFactory Factory { get; } = new(configure: web => web.ConfigureTestServices(services =>
            services.AddSingleton(sp => new AtsProviders(sp.GetServices<IAtsProvider>()
                .Select(p => p.Kind == AtsKind.Workable ? new ExtraEventProvider(p) : p)))));

        public void Dispose() => Factory.Dispose();
    }

    private const string Secret = "whsec-test-7c1e0b";

    private static string WorkableBody(string eventId) =>
        "{\"id\":\"" + eventId + "\",\"event_type\":\"candidate_moved\",\"fired_at\":\"2026-11-28T10:00:00Z\",\"resource_type\":\"candidate\",\"data\":{\"id\":\"c-1\",\"stage\":\"Interview\",\"disqualified\":false}}";

    private static string Hex(string key, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body, IDictionary<string, string> headers)
    {
        using var http = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostWorkableAsync(string path, string eventId, string? sharedEventId = null)
    {
        var body = Encoding.UTF8.GetBytes(WorkableBody(eventId));
        var headers = new Dictionary<string, string> { ["X-Workable-Signature"] = Hex(Secret, body) };
        if (sharedEventId is not null) headers[ExtraEventProvider.Header] = sharedEventId;
        return PostAsync(path, body, headers);
    }

    private async Task<(int ConnectionId, string PublicId)> ConnectAsync(AtsKind kind)
    {
        var (companyId, _) = await host.Factory.CreateAsync($"Hooks {Guid.NewGuid():N}"[..14]);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var connection = new AtsConnection { CompanyId = companyId, Kind = kind, PublicId = Guid.NewGuid().ToString("N"), State = ConnectionState.Connected, Account = "acct" };
        scope.ServiceProvider.GetRequiredService<CredentialVault>().Store(connection, new ConnectionSecrets { ApiToken = "token-12345678", WebhookSecret = Secret });
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return (connection.Id, connection.PublicId);
    }

    private Task<List<string>> StoredAsync(int connectionId) =>
        host.Factory.QueryAsync(db => db.WebhookDeliveries.Where(w => w.ConnectionId == connectionId).Select(w => w.EventId).ToListAsync());

    [Fact]
    public async Task With_the_database_locked_a_delivery_gets_503_and_its_redelivery_is_stored()
    {
        var (connectionId, publicId) = await ConnectAsync(AtsKind.Workable);
        var path = $"/hooks/workable/{publicId}";

        HttpResponseMessage whileLocked;
        await using (var locker = new SqliteConnection($"Data Source={host.Factory.DatabasePath};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var begin = locker.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
            whileLocked = await PostWorkableAsync(path, "locked-1");
            Assert.Empty(await StoredAsync(connectionId));
        }
        var redelivered = await PostWorkableAsync(path, "locked-1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileLocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Equal(["locked-1"], await StoredAsync(connectionId));
    }

    [Fact]
    public async Task A_delivery_with_one_known_and_one_new_event_stores_the_new_one()
    {
        var (connectionId, publicId) = await ConnectAsync(AtsKind.Workable);
        var path = $"/hooks/workable/{publicId}";
        Assert.Equal(HttpStatusCode.OK, (await PostWorkableAsync(path, "known-1")).StatusCode);

        var mixed = await PostWorkableAsync(path, "new-1", sharedEventId: "known-1");

        Assert.Equal(HttpStatusCode.OK, mixed.StatusCode);
        Assert.Equal(["known-1", "new-1"], (await StoredAsync(connectionId)).Order());
    }

    [Fact]
    public async Task Concurrent_deliveries_sharing_one_event_lose_none_of_their_own_events()
    {
        var (connectionId, publicId) = await ConnectAsync(AtsKind.Workable);
        var path = $"/hooks/workable/{publicId}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => PostWorkableAsync(path, $"own-{i}", sharedEventId: "shared")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var stored = await StoredAsync(connectionId);
        Assert.Equal(11, stored.Count);
        Assert.Contains("shared", stored);
    }

    [Fact]
    public async Task A_greenhouse_delivery_replayed_with_new_event_id_headers_is_stored_once()
    {
        var (connectionId, publicId) = await ConnectAsync(AtsKind.Greenhouse);
        var body = GreenhouseFixtures.Bytes("webhook_reject_candidate.json");

        foreach (var eventId in new[] { "gh-1", "gh-2", "gh-3", "gh-4" })
        {
            var answer = await PostAsync($"/hooks/greenhouse/{publicId}", body,
                new Dictionary<string, string> { ["Signature"] = "sha256 " + Hex(Secret, body), ["Greenhouse-Event-ID"] = eventId });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.Single(await StoredAsync(connectionId));
    }

    [Fact]
    public async Task A_lever_delivery_signed_long_ago_is_refused_and_nothing_is_stored()
    {
        var (connectionId, publicId) = await ConnectAsync(AtsKind.Lever);
        var fresh = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var stale = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();

        var staleAnswer = await PostAsync($"/hooks/lever/{publicId}", LeverBody(stale), new Dictionary<string, string>());
        var freshAnswer = await PostAsync($"/hooks/lever/{publicId}", LeverBody(fresh), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Unauthorized, staleAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshAnswer.StatusCode);
        Assert.Single(await StoredAsync(connectionId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    [InlineData("Workable,Lever")]
    public async Task A_vendor_given_as_a_number_is_not_a_vendor(string vendor)
    {
        var (connectionId, publicId) = await ConnectAsync(AtsKind.Workable);

        var answer = await PostWorkableAsync($"/hooks/{Uri.EscapeDataString(vendor)}/{publicId}", "numeric-1");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Empty(await StoredAsync(connectionId));
    }

    private static byte[] LeverBody(long triggeredAt)
    {
        const string token = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
        var signature = Hex(Secret, Encoding.UTF8.GetBytes(token + triggeredAt));
        return Encoding.UTF8.GetBytes(
            $"{{\"id\":\"evt-1\",\"event\":\"candidateHired\",\"triggeredAt\":{triggeredAt},\"token\":\"{token}\",\"signature\":\"{signature}\"," +
            "\"data\":{\"opportunityId\":\"c1e2d3f4-0000-4aaa-8bbb-000000000101\"}}");
    }

    /// <summary>The real provider, plus one more event when the test asks for it: no vendor batches events today, but the receiver must not rely on that.</summary>
    private sealed class ExtraEventProvider(IAtsProvider inner) : IAtsProvider
    {
        public const string Header = "X-Test-Extra-Event";

        public AtsKind Kind => inner.Kind;
        public AtsProviderTraits Traits => inner.Traits;
        public IAtsOAuth? OAuth => inner.OAuth;
        public Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct) => inner.VerifyAsync(connection, ct);
        public IAsyncEnumerable<AtsJobRecord> ListJobsAsync(AtsConnectionContext connection, DateTimeOffset? updatedSince, CancellationToken ct) =>
            inner.ListJobsAsync(connection, updatedSince, ct);
        public Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct) =>
            inner.PushCandidateAsync(connection, push, ct);
        public Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct) =>
            inner.ReadStatusChangesAsync(connection, query, ct);
        public Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct) =>
            inner.ReadStatusVocabularyAsync(connection, ct);
        public bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret) => inner.VerifyWebhook(delivery, signingSecret);
        public Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct) =>
            inner.RegisterWebhookAsync(connection, callbackUrl, portalSecret, ct);
        public Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct) =>
            inner.UnregisterWebhookAsync(connection, subscriptionId, ct);

        public IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery)
        {
            var events = inner.ParseWebhook(delivery);
            return delivery.Header(Header) is { Length: > 0 } extra
                ? [.. events, new AtsWebhookEvent(extra, "candidate_moved", "c-1", "c-1", null, null, DateTimeOffset.UnixEpoch)]
                : events;
        }
    }
}
