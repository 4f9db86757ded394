using System.Collections.Concurrent;
using Circular.Portal.Marketplace.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Marketplace.Platform;

/// <summary>
/// A stand-in for the Circular platform's webhook endpoint on Kestrel at 127.0.0.1:0: it verifies each delivery the way
/// README tells the platform to, records it, and answers with the status codes a test queues (200 once they run out).
/// </summary>
public sealed class PlatformReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers = new();

    public sealed record Received(string? Id, bool SignatureValid, byte[] Body, int Answered);

    public ConcurrentQueue<Received> Deliveries { get; } = new();
    public string Url { get; private set; } = "";

    private PlatformReceiver(WebApplication app) => _app = app;

    public static async Task<PlatformReceiver> StartAsync(string secret, Func<DateTimeOffset> now)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new PlatformReceiver(app);
        app.MapPost("/circular-events", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var valid = PlatformWebhookSignature.Verify(secret,
                http.Request.Headers[PlatformWebhookSignature.IdHeader], http.Request.Headers[PlatformWebhookSignature.TimestampHeader],
                http.Request.Headers[PlatformWebhookSignature.SignatureHeader], body, now());
            var status = !valid ? 401 : receiver._answers.TryDequeue(out var queued) ? queued : 200;
            receiver.Deliveries.Enqueue(new Received(http.Request.Headers[PlatformWebhookSignature.IdHeader], valid, body, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/circular-events";
        return receiver;
    }

    public void AnswerNext(params int[] statuses)
    {
        foreach (var s in statuses) _answers.Enqueue(s);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
