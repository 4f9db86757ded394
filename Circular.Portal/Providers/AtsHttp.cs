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
/// and rate-limit headers honoured, failures classified into <see cref="AtsException"/>. Only reads (GET, HEAD) are
/// retried here; a POST, PUT or DELETE is never repeated by the pipeline (a DELETE that timed out may have happened:
/// its caller decides). Redirects are followed only on the same host, and a response body over
/// <see cref="MaxResponseBytes"/> is refused while it is read, never buffered whole.
/// </summary>
public sealed class AtsHttp(IFlurlClientCache clients, AtsRateGate gate, TimeProvider clock, ILogger<AtsHttp> log)
{
    /// <summary>Waits longer than this are not slept through: the call fails as transient and the caller reschedules.</summary>
    public static readonly TimeSpan MaxInlineWait = TimeSpan.FromSeconds(30);

    /// <summary>No vendor page is anywhere near this; a larger body (after decompression) is refused.</summary>
    public const long DefaultMaxResponseBytes = 32L * 1024 * 1024;

    /// <summary>The cap on one response body; tests lower it.</summary>
    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>How long reading a body may take once the headers arrived (the client timeout covers only the headers).</summary>
    public static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest pause a vendor can impose with Retry-After or a rate-limit reset (a "3000000" is read as this).</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(15);

    public IFlurlClient Client(AtsKind kind) => clients.GetOrAdd(kind.ToString());

    /// <summary>Sends <paramref name="request"/> and returns the successful response, or throws a classified <see cref="AtsException"/>.</summary>
    public async Task<IFlurlResponse> SendAsync(
        AtsKind kind, string connectionKey, AtsRateLimit limit, IFlurlRequest request, HttpMethod verb,
        HttpContent? content = null, CancellationToken ct = default)
    {
        request.AllowAnyHttpStatus();
        // A vendor may move a resource on its own host; a redirect elsewhere (another host, or https to http) is
        // answered as a refusal, so credentials and requests never follow it to a host nobody configured.
        request.OnRedirect(call =>
        {
            if (!SameHost(call.Request.Url, call.Redirect.Url)) call.Redirect.Follow = false;
        });
        var retrySafe = verb == HttpMethod.Get || verb == HttpMethod.Head;
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
        IFlurlResponse response;
        // The permit counts from the answer's arrival: the vendor counted the request before it answered.
        using (await gate.WaitAsync(kind, connectionKey, limit, ct))
        {
            try
            {
                response = await request.SendAsync(verb, content, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (FlurlHttpTimeoutException e)
            {
                throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} did not answer in time.", null, null, e);
            }
            catch (FlurlHttpException e) when (e.StatusCode is null)
            {
                throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} could not be reached.", null, null, e);
            }
        }

        var status = response.StatusCode;
        NoteRateLimitHeaders(kind, connectionKey, limit, response, status == 429);
        var buffered = await BufferBodyAsync(kind, response, ct);
        if (status is >= 200 and < 300)
        {
            if (buffered) return response;
            response.Dispose();
            log.LogWarning("{Vendor} call {Verb} {Path} answered more than {Limit} bytes; refused", kind, verb, request.Url.Path, MaxResponseBytes);
            throw new AtsException(kind, AtsFailureKind.Permanent,
                $"{kind} answered with more than {MaxResponseBytes / (1024 * 1024)} MB; the portal does not read responses that large.", status, null);
        }

        if (!buffered) response.Dispose();
        var body = buffered ? await SafeBodyAsync(response) : "";
        var vendorMessage = ErrorMessage(body);
        var retryAfter = RetryAfter(response);
        var (failure, message) = status switch
        {
            401 => (AtsFailureKind.Auth, $"{kind} no longer accepts the connection's credentials (401). Reconnect the integration."),
            403 => (AtsFailureKind.Permission, $"{kind} refused the call (403): the credentials lack a permission.{Detail(vendorMessage)}"),
            429 => (AtsFailureKind.Transient, $"{kind} asked us to slow down (429)."),
            408 or >= 500 => (AtsFailureKind.Transient, $"{kind} had a temporary problem ({status})."),
            >= 300 and < 400 => (AtsFailureKind.Permanent, $"{kind} redirected the call to another address ({status}); the portal follows redirects only on the same host."),
            _ => (AtsFailureKind.Permanent, $"{kind} refused the request ({status}).{Detail(vendorMessage)}"),
        };
        if (status == 429)
        {
            gate.Block(kind, connectionKey, clock.GetUtcNow() + (retryAfter ?? TimeSpan.FromSeconds(1)));
        }
        log.LogWarning("{Vendor} call {Verb} {Path} failed with {Status} ({Failure})", kind, verb, request.Url.Path, status, failure);
        throw new AtsException(kind, failure, message, status, retryAfter);
    }

    private static bool SameHost(Flurl.Url from, Flurl.Url to) =>
        string.Equals(from.Host, to.Host, StringComparison.OrdinalIgnoreCase)
        && (to.Scheme == from.Scheme || to.Scheme == "https");

    /// <summary>
    /// Reads the body into memory up to <see cref="MaxResponseBytes"/> (a declared Content-Length over it is refused
    /// without reading) and puts it back on the response for the provider to parse. False when the body is too large.
    /// </summary>
    private async Task<bool> BufferBodyAsync(AtsKind kind, IFlurlResponse response, CancellationToken ct)
    {
        var message = response.ResponseMessage;
        if (message.Content.Headers.ContentLength > MaxResponseBytes) return false;
        using var timeout = new CancellationTokenSource(BodyTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await using var stream = await message.Content.ReadAsStreamAsync(linked.Token);
            using var copy = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, linked.Token)) > 0)
            {
                if (copy.Length + read > MaxResponseBytes) return false;
                copy.Write(chunk, 0, read);
            }
            var body = new ByteArrayContent(copy.ToArray());
            foreach (var header in message.Content.Headers)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) body.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            message.Content.Dispose();
            message.Content = body;
            return true;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} did not finish its answer in time.", null, null, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} broke off its answer.", null, null, e);
        }
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

    /// <summary>
    /// Reads the vendor's budget headers (X-RateLimit-* or X-Rate-Limit-*): the limit it reports becomes the connection's
    /// budget, and a used-up window (or a 429 without Retry-After) holds the connection until the reset. The reset may be
    /// epoch seconds, seconds from now or a date; outside a 429 it is trusted for at most one period (a window never
    /// resets later than that, and a vendor that sends static values must not stall the connection).
    /// </summary>
    private void NoteRateLimitHeaders(AtsKind kind, string connectionKey, AtsRateLimit limit, IFlurlResponse response, bool refused)
    {
        var reported = Number(Header(response, "X-RateLimit-Limit") ?? Header(response, "X-Rate-Limit-Limit"));
        var remaining = Number(Header(response, "X-RateLimit-Remaining") ?? Header(response, "X-Rate-Limit-Remaining"));
        var now = clock.GetUtcNow();
        var cap = refused ? MaxPause : limit.Period + TimeSpan.FromSeconds(1);
        var reset = ResetTime(Header(response, "X-RateLimit-Reset") ?? Header(response, "X-Rate-Limit-Reset"), now, cap);
        var vendorLimit = reported is >= 1 and < int.MaxValue ? (int)reported : (int?)null;
        if (refused)
        {
            // A 429's Retry-After says how long; only without one does the window's reset.
            gate.Observe(kind, connectionKey, vendorLimit, null, null);
            if (reset is { } until && !response.Headers.TryGetFirst("Retry-After", out _)) gate.Block(kind, connectionKey, until);
            return;
        }
        gate.Observe(kind, connectionKey, vendorLimit, remaining is { } r ? (int)Math.Clamp(r, 0, int.MaxValue) : null, reset);
    }

    private static double? Number(string? raw) =>
        double.TryParse(raw?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static DateTimeOffset? ResetTime(string? raw, DateTimeOffset now, TimeSpan cap)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        DateTimeOffset at;
        if (Number(raw) is { } value)
        {
            if (value < 0) return null;
            // Whatever they send (a reset in 2100), the pause is capped.
            var seconds = value > 1_000_000_000 ? value - now.ToUnixTimeMilliseconds() / 1000.0 : value;
            at = now + TimeSpan.FromSeconds(Math.Clamp(seconds, 0, cap.TotalSeconds));
        }
        else if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            at = date - now > cap ? now + cap : date;
        }
        else
        {
            return null;
        }
        return at > now ? at : null;
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
