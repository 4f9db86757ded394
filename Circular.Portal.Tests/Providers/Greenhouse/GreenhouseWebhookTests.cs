using System.Collections.Concurrent;
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

namespace Circular.Portal.Tests.Providers.Greenhouse;

[Collection(SandboxCollection.Name)]
public sealed class GreenhouseWebhookTests(SandboxFixture fixture)
{
    private const string Secret = "dev-center-secret-key";

    [Fact]
    public void Accepts_the_signature_for_the_right_secret_and_body()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var body = GreenhouseFixtures.Bytes("webhook_reject_candidate.json");

        Assert.True(account.Provider.VerifyWebhook(Delivery(body, Sign(Secret, body)), Secret));
    }

    [Fact]
    public void Refuses_a_body_with_one_changed_byte()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var body = GreenhouseFixtures.Bytes("webhook_reject_candidate.json");
        var signature = Sign(Secret, body);
        body[body.Length / 2] ^= 0x01;

        Assert.False(account.Provider.VerifyWebhook(Delivery(body, signature), Secret));
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_secret()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var body = GreenhouseFixtures.Bytes("webhook_reject_candidate.json");

        Assert.False(account.Provider.VerifyWebhook(Delivery(body, Sign("another-secret", body)), Secret));
    }

    [Fact]
    public void Refuses_a_missing_header_and_garbage_without_throwing()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var body = GreenhouseFixtures.Bytes("webhook_reject_candidate.json");
        var hex = Sign(Secret, body)["sha256 ".Length..];

        Assert.False(account.Provider.VerifyWebhook(new AtsWebhookDelivery(new Dictionary<string, string>(), body), Secret));
        Assert.False(account.Provider.VerifyWebhook(Delivery(body, "sha256=" + hex), Secret));
        Assert.False(account.Provider.VerifyWebhook(Delivery(body, "sha256 not-hex"), Secret));
        Assert.Empty(account.Provider.ParseWebhook(Delivery("{not json"u8.ToArray(), "x")));
    }

    [Fact]
    public async Task Emulator_delivers_signed_webhooks_the_provider_verifies_and_parses()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var received = new ConcurrentQueue<AtsWebhookDelivery>();
        await using var listener = await ListenAsync(received);
        account.Emulator.ConfigureWebhook(account.AccountId, new Uri(listener.Urls.First() + "/hooks/greenhouse"), Secret);
        var job = await account.OpenJobAsync();
        var pushed = await account.Provider.PushCandidateAsync(account.Connection,
            GreenhouseTestAccount.Push("circular-app-701", job.ExternalId, "noor.visser@example.org"), CancellationToken.None);

        await account.Emulator.ActAsync(account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Reject, "Hired another candidate", CancellationToken.None);
        for (var i = 0; i < 50 && received.Count < 2; i++) await Task.Delay(100);

        Assert.Equal(2, received.Count);
        Assert.All(received, d => Assert.True(account.Provider.VerifyWebhook(d, Secret)));
        Assert.Empty(account.Provider.ParseWebhook(received.First()));
        var change = Assert.Single(account.Provider.ParseWebhook(received.Last()));
        Assert.Equal(("reject_candidate", pushed.ApplicationId, pushed.CandidateId), (change.EventType, change.ApplicationId, change.CandidateId));
        Assert.Equal((AtsApplicationStatus.Rejected, "Hired another candidate"), (change.Status, change.Reason));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(received.Last().Body)), change.EventId);
    }

    internal static string Sign(string secret, byte[] body) =>
        "sha256 " + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    internal static AtsWebhookDelivery Delivery(byte[] body, string signature, string? eventId = null)
    {
        var headers = new Dictionary<string, string> { ["Signature"] = signature };
        if (eventId is not null) headers["Greenhouse-Event-ID"] = eventId;
        return new AtsWebhookDelivery(headers, body);
    }

    private static async Task<WebApplication> ListenAsync(ConcurrentQueue<AtsWebhookDelivery> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hooks/greenhouse", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            received.Enqueue(new AtsWebhookDelivery(ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), buffer.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
