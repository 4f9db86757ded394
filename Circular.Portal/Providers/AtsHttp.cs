using System.Globalization;
using System.Net;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Polly;
using Polly.Retry;

namespace Circular.Portal.Providers;

/// <summary>
/// The one way providers reach a vendor: a named Flurl client per vendor, the per-connection rate gate, Retry-After
/// and rate-limit headers honoured, failures classified into <see cref="AtsException"/>. Only safe verbs (GET, HEAD,
/// DELETE) are retried here; a POST is never repeated by the pipeline (the push outbox retries after a marker lookup).
/// </summary>
public sealed class AtsHttp(IFlurlClientCache clients, AtsRateGate gate, TimeProvider clock, ILogger<AtsHttp> log)
{
    /// <summary>Waits longer than this are not slept through: the call fails as transient and the caller reschedules.</summary>
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause a vendor can impose with Retry-After or a rate-limit reset (a "3000000" is read as this).</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(15);

    public IFlurlClient Client(AtsKind kind) => clients.GetOrAdd(kind.ToString());

    /// <summary>Sends <paramref name="request"/> and returns the successful response, or throws a classified <see cref="AtsException"/>.</summary>
    public async Task<IFlurlResponse> SendAsync(
        AtsKind kind, string connectionKey, AtsRateLimit limit, IFlurlRequest request, HttpMethod verb,
        HttpContent? content = null, CancellationToken ct = default)
    {
        request.AllowAnyHttpStatus();
        var retrySafe = verb == HttpMethod.Get || verb == HttpMethod.Head || verb == HttpMethod.Delete;
        if (!retrySafe)
        {
            return await SendOnceAsync(kind, connectionKey, limit, request, verb, content, ct);
        }
        return await RetryPipeline(kind).ExecuteAsync(
            async token => await SendOnceAsync(kind, connectionKey, limit, request, verb, content, token), ct);
    }

    private async Task<IFlurlResponse> SendOnceAsync(
        AtsKind kind, string connectionKey, AtsRateLimit limit, IFlurlRequest request, HttpMethod verb, HttpContent? content, CancellationToken ct)
    {
        await gate.WaitAsync(kind, connectionKey, limit, ct);
        IFlurlResponse response;
        try
        {
            response = await request.SendAsync(verb, content, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (FlurlHttpTimeoutException e)
        {
            throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} did not answer in time.", null, null, e);
        }
        catch (FlurlHttpException e) when (e.StatusCode is null)
        {
            throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} could not be reached.", null, null, e);
        }

        NoteRateLimitHeaders(kind, connectionKey, response);
        var status = response.StatusCode;
        if (status is >= 200 and < 300) return response;

        var body = await SafeBodyAsync(response);
        var vendorMessage = ErrorMessage(body);
        var retryAfter = RetryAfter(response);
        var (failure, message) = status switch
        {
            401 => (AtsFailureKind.Auth, $"{kind} no longer accepts the connection's credentials (401). Reconnect the integration."),
            403 => (AtsFailureKind.Permission, $"{kind} refused the call (403): the credentials lack a permission.{Detail(vendorMessage)}"),
            429 => (AtsFailureKind.Transient, $"{kind} asked us to slow down (429)."),
            408 or >= 500 => (AtsFailureKind.Transient, $"{kind} had a temporary problem ({status})."),
            _ => (AtsFailureKind.Permanent, $"{kind} refused the request ({status}).{Detail(vendorMessage)}"),
        };
        if (status == 429)
        {
            gate.Block(kind, connectionKey, clock.GetUtcNow() + (retryAfter ?? TimeSpan.FromSeconds(1)));
        }
        log.LogWarning("{Vendor} call {Verb} {Path} failed with {Status} ({Failure})", kind, verb, request.Url.Path, status, failure);
        throw new AtsException(kind, failure, message, status, retryAfter);
    }

    private ResiliencePipeline<IFlurlResponse> RetryPipeline(AtsKind kind) =>
        new ResiliencePipelineBuilder<IFlurlResponse>()
            .AddRetry(new RetryStrategyOptions<IFlurlResponse>
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = MaxInlineWait,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is AtsException { Kind: AtsFailureKind.Transient } e
                    && (e.RetryAfter is null || e.RetryAfter <= MaxInlineWait)),
                // The rate gate already holds the next attempt until Retry-After; add nothing on top of it.
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is AtsException { RetryAfter: not null } ? TimeSpan.Zero : null),
                OnRetry = args =>
                {
                    log.LogInformation("Retrying {Vendor} call, attempt {Attempt}", kind, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    private void NoteRateLimitHeaders(AtsKind kind, string connectionKey, IFlurlResponse response)
    {
        // Vendors spell these X-RateLimit-* or X-Rate-Limit-*.
        var remaining = Header(response, "X-RateLimit-Remaining") ?? Header(response, "X-Rate-Limit-Remaining");
        if (remaining?.Trim() != "0") return;
        var reset = Header(response, "X-RateLimit-Reset") ?? Header(response, "X-Rate-Limit-Reset");
        if (!double.TryParse(reset, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0) return;
        // Vendors send either epoch seconds or seconds from now. Whatever they send (a reset in 2100), the pause is capped.
        var now = clock.GetUtcNow();
        var wait = value > 1_000_000_000 ? TimeSpan.FromSeconds(Math.Min(value - now.ToUnixTimeSeconds(), MaxPause.TotalSeconds)) : TimeSpan.FromSeconds(Math.Min(value, MaxPause.TotalSeconds));
        if (wait > TimeSpan.Zero) gate.Block(kind, connectionKey, now + wait);
    }

    private static string? Header(IFlurlResponse response, string name) =>
        response.Headers.TryGetFirst(name, out var value) ? value : null;

    private TimeSpan? RetryAfter(IFlurlResponse response)
    {
        if (!response.Headers.TryGetFirst("Retry-After", out var raw) || string.IsNullOrWhiteSpace(raw)) return null;
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, MaxPause.TotalSeconds));
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var delta = at - clock.GetUtcNow();
            return delta > TimeSpan.Zero ? (delta > MaxPause ? MaxPause : delta) : TimeSpan.Zero;
        }
        return null;
    }

    private static async Task<string> SafeBodyAsync(IFlurlResponse response)
    {
        try
        {
            var body = await response.GetStringAsync();
            return body.Length > 2000 ? body[..2000] : body;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return "";
        }
    }

    /// <summary>Finds the human message in the usual vendor error shapes: message, error_description, error, errors[0].</summary>
    public static string? ErrorMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return Find(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Find(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array) return e.EnumerateArray().Select(Find).FirstOrDefault(m => m is not null);
            if (e.ValueKind == JsonValueKind.String) return e.GetString();
            if (e.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in new[] { "error_description", "message", "detail", "title", "error", "errors" })
            {
                if (e.TryGetProperty(name, out var value) && Find(value) is { Length: > 0 } found) return found;
            }
            return null;
        }
    }

    private static string Detail(string? vendorMessage) =>
        string.IsNullOrWhiteSpace(vendorMessage) ? "" : $" The ATS said: {vendorMessage}";
}
