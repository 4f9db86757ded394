using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Circular.Portal.Tests.Providers.Recruitee;

[Collection(SandboxCollection.Name)]
public sealed class RecruiteeWebhookTests(SandboxFixture sandbox) : RecruiteeContract(sandbox)
{
    private const string Secret = "whsec-recruitee-test";

    private const string MovedToHire = """
        {"id":700001,"attempt_count":1,"created_at":"2025-04-05T09:00:00.000000Z","event_type":"candidate_moved",
         "event_subtype":"stage_changed","level":"candidate","message":"Candidate moved",
         "payload":{"candidate":{"id":88001122,"name":"Ana Silva","emails":["ana.silva@example.org"]},
           "offer":{"id":1234567,"title":"Backend Engineer","slug":"backend-engineer","kind":"job"},"company":{"id":42,"name":"Acme"},
           "details":{"from_stage":{"id":901,"name":"Applied","category":"apply"},"to_stage":{"id":906,"name":"Hired","category":"hire"}}}}
        """;

    [Fact]
    public void Accepts_the_signature_for_the_right_secret_and_body() =>
        Assert.True(Provider.VerifyWebhook(Delivery(MovedToHire, Sign(Secret, MovedToHire)), Secret));

    [Fact]
    public void Refuses_a_body_with_one_changed_byte()
    {
        var signature = Sign(Secret, MovedToHire);
        var tampered = MovedToHire.Replace("\"hire\"", "\"hirf\"", StringComparison.Ordinal);

        Assert.False(Provider.VerifyWebhook(Delivery(tampered, signature), Secret));
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_secret() =>
        Assert.False(Provider.VerifyWebhook(Delivery(MovedToHire, Sign("another-secret", MovedToHire)), Secret));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex-at-all")]
    [InlineData("sha256=0123")]
    public void Refuses_a_missing_or_malformed_signature_header_without_throwing(string? header) =>
        Assert.False(Provider.VerifyWebhook(Delivery(MovedToHire, header), Secret));

    [Fact]
    public void Parses_a_move_to_a_hire_stage_as_hired_with_the_envelope_id()
    {
        var e = Assert.Single(Provider.ParseWebhook(Delivery(MovedToHire, null)));

        Assert.Equal("700001", e.EventId);
        Assert.Equal("88001122", e.CandidateId);
        Assert.Equal(AtsApplicationStatus.Hired, e.Status);
        Assert.Equal(DateTimeOffset.Parse("2025-04-05T09:00:00Z"), e.OccurredAt);
    }

    [Fact]
    public void Parses_a_disqualification_as_rejected_with_the_reason()
    {
        var body = JsonNode.Parse(MovedToHire)!;
        body["event_subtype"] = "disqualified";
        body["payload"]!["details"]!["disqualify_reason"] = "Not a good fit";

        var e = Assert.Single(Provider.ParseWebhook(Delivery(body.ToJsonString(), null)));

        Assert.Equal(AtsApplicationStatus.Rejected, e.Status);
        Assert.Equal("Not a good fit", e.Reason);
    }

    [Fact]
    public void Parses_the_documented_test_ping_and_garbage_as_no_event()
    {
        var ping = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Recruitee", "Fixtures", "webhook_test_request.json"));

        Assert.Empty(Provider.ParseWebhook(Delivery(ping, null)));
        Assert.Empty(Provider.ParseWebhook(Delivery("<html>not json", null)));
    }

    [Fact]
    public async Task Sandbox_accepts_the_careers_site_candidate_fixture_shape()
    {
        var account = Emulator.AddAccount("Careers Fixture Co", 3);
        var body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Recruitee", "Fixtures", "careers_site_candidate_create_request.json"));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Sandbox.Host.Root, $"recruitee/c/{account.CompanyId}/offers/{OpenJob(account)}/candidates"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", account.ApiToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        var stored = Assert.Single(Emulator.StoredCandidates(account.CompanyId));
        Assert.Equal(["john.smith@example.com"], stored.Emails);
        Assert.Equal("https://site.example.com/resumes/myresume.pdf", stored.RemoteCvUrl);
    }

    [Fact]
    public async Task Sandbox_delivers_a_signed_stage_change_that_the_provider_verifies_and_reads()
    {
        var account = Emulator.AddAccount("Webhook Co", 3);
        var received = new TaskCompletionSource<AtsWebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await ListenAsync(received);
        Emulator.SetWebhook(account.CompanyId, new Uri(listener.Urls.First() + "/hooks/recruitee"), Secret);
        var pushed = await Provider.PushCandidateAsync(Connect(account), Push("circular-app-601", OpenJob(account)), default);

        await Emulator.ActAsync(account.CompanyId, pushed.CandidateId, SandboxRecruiterAction.Hire, default);
        var delivery = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Provider.VerifyWebhook(delivery, Secret));
        var e = Assert.Single(Provider.ParseWebhook(delivery));
        Assert.Equal(AtsApplicationStatus.Hired, e.Status);
        Assert.Equal(pushed.CandidateId, e.CandidateId);
    }

    private static async Task<WebApplication> ListenAsync(TaskCompletionSource<AtsWebhookDelivery> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hooks/recruitee", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString());
            received.TrySetResult(new AtsWebhookDelivery(headers, buffer.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    private static string Sign(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static AtsWebhookDelivery Delivery(string body, string? signature) => new(
        signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["x-recruitee-signature"] = signature },
        Encoding.UTF8.GetBytes(body));
}
