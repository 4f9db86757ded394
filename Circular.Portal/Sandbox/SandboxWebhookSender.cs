using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox;

/// <summary>
/// Delivers an emulator's signed webhooks to subscribed URLs in the background, retrying a few times like the vendors do,
/// and keeps the recent deliveries for the console.
/// </summary>
public sealed class SandboxWebhookSender(IHttpClientFactory httpFactory, TimeProvider clock, ILogger<SandboxWebhookSender> log)
{
    public const string HttpClientName = "sandbox-webhooks";
    private readonly ConcurrentQueue<SandboxDelivery> _recent = new();

    public IReadOnlyList<SandboxDelivery> Recent => _recent.Reverse().ToList();

    /// <summary>Queues one delivery; returns at once. The body is sent exactly as signed.</summary>
    public void Send(string vendor, Uri url, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        _ = Task.Run(() => DeliverAsync(vendor, url, body, headers));
    }

    /// <summary>Delivers and waits, for tests that want the outcome.</summary>
    public async Task<int?> DeliverAsync(string vendor, Uri url, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        int? status = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
                using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException e)
            {
                log.LogWarning(e, "Sandbox {Vendor} webhook to {Host} failed on attempt {Attempt}", vendor, url.Host, attempt);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
        }
        _recent.Enqueue(new SandboxDelivery(vendor, url.AbsolutePath, status, clock.GetUtcNow()));
        while (_recent.Count > 50) _recent.TryDequeue(out _);
        return status;
    }
}

public sealed record SandboxDelivery(string Vendor, string Path, int? Status, DateTimeOffset At);
