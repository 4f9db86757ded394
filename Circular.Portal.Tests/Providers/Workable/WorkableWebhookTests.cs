using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Workable;

/// <summary>X-Workable-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed by the account API token.</summary>
[Collection(SandboxCollection.Name)]
public sealed class WorkableWebhookTests(SandboxFixture fixture) : IDisposable
{
    private readonly WorkableTestAccount _test = new(fixture);

    private const string Token = "wk_account_token_for_signing";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"id":"evt_5c1d","event_type":"candidate_moved","fired_at":"2025-04-03T12:00:00Z","resource_type":"candidate","data":{"id":"3fa9c01","stage":"Interview","stage_kind":"interview","disqualified":false,"hired_at":null,"updated_at":"2025-04-03T11:59:58Z"}}""");

    private static string Sign(byte[] body, string key) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    private static AtsWebhookDelivery Delivery(byte[] body, string? signature) =>
        new(signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["x-workable-signature"] = signature }, body);

    private IAtsProvider Provider() => _test.Provider;

    public void Dispose() => _test.Dispose();

    [Fact]
    public void Accepts_the_signature_of_the_right_token_over_the_raw_body()
    {
        Assert.True(Provider().VerifyWebhook(Delivery(Body, Sign(Body, Token)), Token));
    }

    [Fact]
    public void Refuses_a_body_with_one_changed_byte()
    {
        var tampered = Body.ToArray();
        tampered[^3] ^= 0x01;

        Assert.False(Provider().VerifyWebhook(Delivery(tampered, Sign(Body, Token)), Token));
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_token()
    {
        Assert.False(Provider().VerifyWebhook(Delivery(Body, Sign(Body, "wk_some_other_token")), Token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex-at-all")]
    [InlineData("sha256=0000")]
    public void Refuses_a_missing_or_garbled_signature_without_throwing(string? signature)
    {
        Assert.False(Provider().VerifyWebhook(Delivery(Body, signature), Token));
    }

    [Fact]
    public void Parses_a_delivery_into_a_status_event_keyed_by_its_id()
    {
        var e = Assert.Single(Provider().ParseWebhook(Delivery(Body, null)));

        Assert.Equal("evt_5c1d", e.EventId);
        Assert.Equal("candidate_moved", e.EventType);
        Assert.Equal("3fa9c01", e.CandidateId);
        Assert.Equal(AtsApplicationStatus.Active, e.Status);
        Assert.Equal(DateTimeOffset.Parse("2025-04-03T11:59:58Z"), e.OccurredAt);
    }

    [Fact]
    public void Ignores_employee_events_and_garbage()
    {
        var employee = Encoding.UTF8.GetBytes("""{"id":"evt_1","event_type":"employee_created","resource_type":"employee","data":{"id":"e1"}}""");

        Assert.Empty(Provider().ParseWebhook(Delivery(employee, null)));
        Assert.Empty(Provider().ParseWebhook(Delivery(Encoding.UTF8.GetBytes("<html>"), null)));
        Assert.Empty(Provider().ParseWebhook(Delivery([], null)));
    }

    [Fact]
    public async Task Registering_the_same_address_twice_keeps_one_subscription_and_unregistering_twice_is_fine()
    {
        var test = _test;
        var callback = new Uri("https://portal.example/hooks/workable/abc123");

        var first = await test.Provider.RegisterWebhookAsync(test.Connection, callback, "portal-secret", CancellationToken.None);
        var second = await test.Provider.RegisterWebhookAsync(test.Connection, callback, "portal-secret", CancellationToken.None);
        await test.Provider.UnregisterWebhookAsync(test.Connection, first.SubscriptionId, CancellationToken.None);
        await test.Provider.UnregisterWebhookAsync(test.Connection, first.SubscriptionId, CancellationToken.None);

        Assert.Equal(first.SubscriptionId, second.SubscriptionId);
        Assert.Equal(test.Account.ApiToken, first.SigningSecret);
        Assert.Equal(2, test.RequestCount("DELETE /spi/v3/subscriptions/"));
    }
}
