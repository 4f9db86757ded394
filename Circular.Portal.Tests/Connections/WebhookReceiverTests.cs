using System.Net;
using System.Security.Cryptography;
using System.Text;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox.Workable;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Connections;

[Collection(IntegrationCollection.Name)]
public sealed class WebhookReceiverTests(IntegrationFixture fixture)
{
    private static string Body(string eventId) =>
        "{\"id\":\"" + eventId + "\",\"event_type\":\"candidate_moved\",\"fired_at\":\"2026-11-28T10:00:00Z\",\"resource_type\":\"candidate\",\"data\":{\"id\":\"c-1\",\"stage\":\"Interview\",\"disqualified\":false}}";

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? signature)
    {
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add("X-Workable-Signature", signature);
        return await http.SendAsync(request);
    }

    private static string Sign(string key, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task A_signed_delivery_is_stored_once_and_bad_or_unknown_ones_are_refused()
    {
        var (companyId, _) = await fixture.Portal.CreateAsync("Webhook Co");
        var account = fixture.Emulator<WorkableEmulator>().AddAccount("Webhook Co", 2);
        var connectionId = await fixture.ConnectWithTokenAsync(companyId, AtsKind.Workable, account.Subdomain, account.ApiToken);
        var publicId = await fixture.Portal.QueryAsync(db => db.Connections.Where(c => c.Id == connectionId).Select(c => c.PublicId).SingleAsync());
        var path = $"/hooks/workable/{publicId}";
        var body = Body("evt-1");

        var first = await PostAsync(path, body, Sign(account.ApiToken, body));
        var again = await PostAsync(path, body, Sign(account.ApiToken, body));
        var tampered = await PostAsync(path, body.Replace("Interview", "Offer"), Sign(account.ApiToken, body));
        var wrongKey = await PostAsync(path, body, Sign("not-the-token", body));
        var unsigned = await PostAsync(path, body, null);
        var unknown = await PostAsync("/hooks/workable/0000000000000000", body, Sign(account.ApiToken, body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(1, await fixture.Portal.QueryAsync(db => db.WebhookDeliveries.CountAsync(w => w.ConnectionId == connectionId)));
    }
}
