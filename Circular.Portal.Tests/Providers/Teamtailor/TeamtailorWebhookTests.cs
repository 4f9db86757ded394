using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Providers.Teamtailor;

[Collection(SandboxCollection.Name)]
public sealed class TeamtailorWebhookTests(SandboxFixture sandbox) : TeamtailorTestBase(sandbox)
{
    private const string Secret = "tt-signature-key-3f9a";

    private const string RejectedPayload =
        """{"event_name":"job_application.update","data":{"id":"55501","type":"job-applications","attributes":{"job-id":41207,"job-title":"Backend Engineer","stage-name":"Screening","last-moved-at":"2025-05-01T10:00:00.000+02:00","rejected-at":"2025-05-01T10:05:00.000+02:00","updated-at":"2025-05-01T10:05:00.000+02:00","transparent-recruiting-visible-at":null}}}""";

    [Fact]
    public void Accepts_the_v2_signature_for_the_right_secret_and_body() =>
        Assert.True(Provider.VerifyWebhook(Signed(RejectedPayload, Secret), Secret));

    [Fact]
    public void Refuses_a_delivery_with_one_changed_byte()
    {
        var delivery = Signed(RejectedPayload, Secret);
        var body = (byte[])delivery.Body.Clone();
        var at = Encoding.UTF8.GetString(body).IndexOf("55501", StringComparison.Ordinal);
        body[at + 4] = (byte)'2';

        Assert.False(Provider.VerifyWebhook(delivery with { Body = body }, Secret));
    }

    [Fact]
    public void Refuses_a_delivery_signed_with_another_secret() =>
        Assert.False(Provider.VerifyWebhook(Signed(RejectedPayload, "some-other-key"), Secret));

    [Fact]
    public void Refuses_a_delivery_without_the_signature_header()
    {
        var delivery = Signed(RejectedPayload, Secret);

        Assert.False(Provider.VerifyWebhook(delivery with { Headers = new Dictionary<string, string>() }, Secret));
    }

    [Fact]
    public void Refuses_a_signature_older_than_five_minutes() =>
        Assert.False(Provider.VerifyWebhook(Signed(RejectedPayload, Secret, DateTimeOffset.UtcNow.AddMinutes(-6)), Secret));

    [Fact]
    public void Accepts_a_signature_over_the_compact_payload_when_the_body_is_pretty_printed()
    {
        var signed = Signed(RejectedPayload, Secret);
        var pretty = Encoding.UTF8.GetBytes($"{{\n  \"payload\": {RejectedPayload.Replace(",\"", ", \"")},\n  \"signature\": \"x\"\n}}");

        Assert.True(Provider.VerifyWebhook(signed with { Body = pretty }, Secret));
    }

    [Theory]
    [InlineData("not json at all", "dD0xLHYyPWFi")]
    [InlineData("{\"payload\": 5}", "%%%not-base64%%%")]
    [InlineData("[1,2,3]", "dD0xNzQ2MDg2NDAwLHYyPTNmYWUuLi4=")]
    [InlineData("", "")]
    public void Never_throws_on_garbage(string body, string header)
    {
        var delivery = new AtsWebhookDelivery(new Dictionary<string, string> { ["TT-Signature"] = header }, Encoding.UTF8.GetBytes(body));

        Assert.False(Provider.VerifyWebhook(delivery, Secret));
        Assert.Empty(Provider.ParseWebhook(delivery));
    }

    [Fact]
    public void Parses_a_rejection_into_a_normalised_event_with_a_stable_id()
    {
        var delivery = Signed(RejectedPayload, Secret);

        var e = Assert.Single(Provider.ParseWebhook(delivery));

        Assert.Equal(("job_application.update", "55501", AtsApplicationStatus.Rejected), (e.EventType, e.ApplicationId, e.Status));
        Assert.Equal(DateTimeOffset.Parse("2025-05-01T08:05:00Z", System.Globalization.CultureInfo.InvariantCulture), e.OccurredAt);
        Assert.Equal(e.EventId, Assert.Single(Provider.ParseWebhook(delivery)).EventId);
    }

    [Fact]
    public void Parses_snake_case_attributes_and_a_hired_stage()
    {
        var payload = """{"event_name":"job_application.update","data":{"id":"77","type":"job-applications","attributes":{"job_id":1,"stage_name":"Hired","rejected_at":null,"updated_at":"2025-05-01T10:00:00.000+02:00"}}}""";

        var e = Assert.Single(Provider.ParseWebhook(Signed(payload, Secret)));

        Assert.Equal(("77", AtsApplicationStatus.Hired), (e.ApplicationId, e.Status));
    }

    [Fact]
    public void Ignores_the_shared_job_update_fixture_and_refuses_its_body_only_v1_signature()
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Providers", "Teamtailor", "Fixtures", "webhook_company_job_update.json"));
        var delivery = new AtsWebhookDelivery(new Dictionary<string, string>(), body);

        Assert.Empty(Provider.ParseWebhook(delivery));
        Assert.False(Provider.VerifyWebhook(delivery, Secret));
    }

    [Fact]
    public async Task Emulator_delivers_a_signed_webhook_when_a_candidate_is_hired()
    {
        var received = new TaskCompletionSource<AtsWebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var listener = builder.Build();
        listener.MapPost("/hooks/teamtailor", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            received.TrySetResult(new AtsWebhookDelivery(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), buffer.ToArray()));
            return Results.Ok();
        });
        await listener.StartAsync();
        var address = listener.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var account = NewAccount();
        Emulator.ConfigureWebhook(account.Id, new Uri(address.TrimEnd('/') + "/hooks/teamtailor"), Secret);
        var pushed = await Provider.PushCandidateAsync(Connect(account), Push(OpenJobId(account), "hook@example.org"), default);

        await Emulator.ActAsync(account.Id, pushed.CandidateId, SandboxRecruiterAction.Hire, default);
        var delivery = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Provider.VerifyWebhook(delivery, Secret));
        var e = Assert.Single(Provider.ParseWebhook(delivery));
        Assert.Equal((pushed.ApplicationId, AtsApplicationStatus.Hired), (e.ApplicationId, e.Status));
    }

    /// <summary>Signs as Teamtailor documents it, independently of the provider's code.</summary>
    private static AtsWebhookDelivery Signed(string payload, string secret, DateTimeOffset? at = null)
    {
        var unix = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unix}.{payload}")));
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes($"t={unix},v2={hex}"));
        var body = Encoding.UTF8.GetBytes($"{{\"payload\":{payload},\"signature\":\"djEtaWdub3JlZA==\"}}");
        return new AtsWebhookDelivery(new Dictionary<string, string> { ["TT-Signature"] = header }, body);
    }
}
