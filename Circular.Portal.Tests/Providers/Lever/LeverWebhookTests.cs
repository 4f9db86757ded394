using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Providers.Lever;

[Collection(SandboxCollection.Name)]
public sealed class LeverWebhookTests(SandboxFixture fixture)
{
    private const string Secret = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978";
    private const string Token = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";

    /// <summary>Lever's documented scheme: hex(HMAC-SHA256(key = signature token, message = token + triggeredAt)).</summary>
    private static string Sign(string secret, string token, long triggeredAt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(token + triggeredAt)));

    private static AtsWebhookDelivery Delivery(string body) => new(new Dictionary<string, string> { ["User-Agent"] = "Lever-Webhooks" }, Encoding.UTF8.GetBytes(body));

    private static string Body(string token, long triggeredAt, string? signature, string eventName = "candidateStageChange")
    {
        var signed = signature is null ? "" : $"\"signature\":\"{signature}\",";
        const string data = "\"data\":{\"opportunityId\":\"c1e2d3f4-0000-4aaa-8bbb-000000000101\",\"candidateId\":\"c1e2d3f4-0000-4aaa-8bbb-000000000101\","
            + "\"contactId\":\"d0d0d0d0-1111-4222-8333-000000000201\",\"fromStageId\":\"lead-new\",\"toStageId\":\"offer\"}";
        return $"{{\"id\":\"evt-42\",\"event\":\"{eventName}\",\"triggeredAt\":{triggeredAt},\"token\":\"{token}\",{signed}{data}}}";
    }

    private const long TriggeredAt = 1737003600000;

    /// <summary>The provider with its clock at the moment the test deliveries were triggered.</summary>
    private IAtsProvider Provider(FakeTimeProvider? clock = null) =>
        SandboxFixture.Provider(fixture.ProviderServices(clock ?? new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TriggeredAt))), AtsKind.Lever);

    [Fact]
    public void Signature_over_token_and_triggered_at_is_accepted_for_the_right_secret()
    {
        var body = Body(Token, 1737003600000, Sign(Secret, Token, 1737003600000));

        Assert.True(Provider().VerifyWebhook(Delivery(body), Secret));
    }

    [Fact]
    public void A_correctly_signed_delivery_is_refused_once_its_triggered_at_is_more_than_five_minutes_away()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TriggeredAt));
        var provider = Provider(clock);
        var delivery = Delivery(Body(Token, TriggeredAt, Sign(Secret, Token, TriggeredAt)));

        clock.Advance(TimeSpan.FromMinutes(4));
        var fourMinutesLater = provider.VerifyWebhook(delivery, Secret);
        clock.Advance(TimeSpan.FromMinutes(2));
        var sixMinutesLater = provider.VerifyWebhook(delivery, Secret);
        var signedInTheFuture = Provider(new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TriggeredAt) - TimeSpan.FromMinutes(6)))
            .VerifyWebhook(delivery, Secret);

        Assert.True(fourMinutesLater);
        Assert.False(sixMinutesLater);
        Assert.False(signedInTheFuture);
    }

    [Fact]
    public void A_replay_with_another_unsigned_id_is_the_same_event()
    {
        var provider = Provider();
        var body = Body(Token, TriggeredAt, Sign(Secret, Token, TriggeredAt));
        var replay = Delivery(body.Replace("\"id\":\"evt-42\"", "\"id\":\"evt-replayed\""));

        Assert.True(provider.VerifyWebhook(replay, Secret));
        Assert.Equal(Assert.Single(provider.ParseWebhook(Delivery(body))).EventId, Assert.Single(provider.ParseWebhook(replay)).EventId);
        Assert.NotEqual(Assert.Single(provider.ParseWebhook(Delivery(body))).EventId,
            Assert.Single(provider.ParseWebhook(Delivery(Body("c" + Token[1..], TriggeredAt, "00")))).EventId);
    }

    [Fact]
    public void Signature_is_refused_when_one_byte_of_the_signed_token_changes()
    {
        var body = Body(Token, 1737003600000, Sign(Secret, Token, 1737003600000)).Replace(Token, "b" + Token[1..]);

        Assert.False(Provider().VerifyWebhook(Delivery(body), Secret));
    }

    [Fact]
    public void Signature_is_refused_when_triggered_at_changes()
    {
        var body = Body(Token, 1737003600001, Sign(Secret, Token, 1737003600000));

        Assert.False(Provider().VerifyWebhook(Delivery(body), Secret));
    }

    [Fact]
    public void Signature_is_refused_for_a_wrong_secret()
    {
        var body = Body(Token, 1737003600000, Sign(Secret, Token, 1737003600000));

        Assert.False(Provider().VerifyWebhook(Delivery(body), Secret.Replace('0', '9')));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"token\":\"x\",\"triggeredAt\":1,\"signature\":\"zz\"}")]
    public void Missing_signature_or_garbage_is_refused_without_throwing(string garbage)
    {
        var provider = Provider();

        Assert.False(provider.VerifyWebhook(Delivery(Body(Token, 1737003600000, signature: null)), Secret));
        Assert.False(provider.VerifyWebhook(Delivery(garbage), Secret));
        Assert.Empty(provider.ParseWebhook(Delivery(garbage)));
    }

    [Fact]
    public void Parses_stage_change_and_hired_events_and_ignores_the_ping()
    {
        var provider = Provider();

        var stage = Assert.Single(provider.ParseWebhook(Delivery(Body(Token, 1737003600000, "00"))));
        var hired = Assert.Single(provider.ParseWebhook(Delivery(Body(Token, 1737003600000, "00", "candidateHired"))));
        var ping = provider.ParseWebhook(Delivery("""{"id":"p","event":"candidateStageChange","triggeredAt":1,"token":"t","data":{}}"""));

        Assert.Equal(("c1e2d3f4-0000-4aaa-8bbb-000000000101", AtsApplicationStatus.Active), (stage.CandidateId, stage.Status!.Value));
        Assert.StartsWith("lever:", stage.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1737003600000), stage.OccurredAt);
        Assert.Equal(AtsApplicationStatus.Hired, hired.Status);
        Assert.Empty(ping);
    }

    [Fact]
    public async Task Registered_webhooks_receive_signed_deliveries_the_provider_accepts()
    {
        using var lever = new LeverTestAccount(fixture);
        var pushed = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(), CancellationToken.None);
        var sink = new Uri(fixture.Host.BaseUrl, "lever-webhook-sink");

        var registration = await lever.Provider.RegisterWebhookAsync(lever.Connection, sink, "unused", CancellationToken.None);
        await lever.Emulator.ActAsync(lever.Account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Advance, CancellationToken.None);
        await lever.Emulator.ActAsync(lever.Account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Reject, CancellationToken.None);

        var sent = lever.Emulator.SentWebhooks(lever.Account.AccountId);
        Assert.Equal(["candidateStageChange", "candidateArchiveChange"], sent.Select(s => s.Event));
        foreach (var delivery in sent)
        {
            var received = Delivery(Encoding.UTF8.GetString(delivery.Body));
            Assert.True(lever.Provider.VerifyWebhook(received, registration.SigningSecret));
            Assert.Equal(pushed.CandidateId, Assert.Single(lever.Provider.ParseWebhook(received)).CandidateId);
        }

        await lever.Provider.UnregisterWebhookAsync(lever.Connection, registration.SubscriptionId, CancellationToken.None);
        var other = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(), CancellationToken.None);
        await lever.Emulator.ActAsync(lever.Account.AccountId, other.CandidateId, SandboxRecruiterAction.Advance, CancellationToken.None);
        Assert.Equal(2, lever.Emulator.SentWebhooks(lever.Account.AccountId).Count);
    }
}
