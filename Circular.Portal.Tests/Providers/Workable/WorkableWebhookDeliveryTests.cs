using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circular.Portal.Tests.Providers.Workable;

[Collection(SandboxCollection.Name)]
public sealed class WorkableWebhookDeliveryTests(SandboxFixture fixture)
{
    [Fact]
    public async Task A_hire_in_the_emulator_reaches_the_subscribed_endpoint_signed_and_parses_as_hired()
    {
        using var test = new WorkableTestAccount(fixture);
        var received = new TaskCompletionSource<AtsWebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await ListenAsync(received);
        var registration = await test.Provider.RegisterWebhookAsync(
            test.Connection, new Uri(listener.Url, "hooks/workable/conn-1"), "unused", CancellationToken.None);
        var pushed = await test.Provider.PushCandidateAsync(
            test.Connection, WorkableTestAccount.Push(test.OpenJobShortcode, "circular-app-301"), CancellationToken.None);

        await test.Emulator.ActAsync(test.Id, pushed.CandidateId, SandboxRecruiterAction.Hire, CancellationToken.None);
        var delivery = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(test.Provider.VerifyWebhook(delivery, registration.SigningSecret));
        Assert.False(test.Provider.VerifyWebhook(delivery, "wk_wrong"));
        var e = Assert.Single(test.Provider.ParseWebhook(delivery));
        Assert.Equal(pushed.CandidateId, e.CandidateId);
        Assert.Equal(AtsApplicationStatus.Hired, e.Status);
        Assert.Equal("candidate_moved", e.EventType);
    }

    private static async Task<Listener> ListenAsync(TaskCompletionSource<AtsWebhookDelivery> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/hooks/workable/{id}", async (HttpContext ctx) =>
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            received.TrySetResult(new AtsWebhookDelivery(headers, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Listener(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed record Listener(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
