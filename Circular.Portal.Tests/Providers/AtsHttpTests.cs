using Circular.Portal.Providers;
using Flurl.Http;
using Flurl.Http.Configuration;
using Flurl.Http.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Circular.Portal.Tests.Providers;

/// <summary>The outbound pipeline: redirects only on the same host, no repeated DELETE, response bodies capped.</summary>
public sealed class AtsHttpTests : IDisposable
{
    private static readonly AtsRateLimit Limit = new(100, TimeSpan.FromSeconds(1));
    private readonly AtsRateGate _gate = new(TimeProvider.System);
    private readonly FlurlClientCache _clients = new();
    private readonly HttpTest _vendor = new();

    public void Dispose()
    {
        _vendor.Dispose();
        _clients.Clear();
    }

    private AtsHttp Http(long maxResponseBytes = AtsHttp.DefaultMaxResponseBytes) =>
        new(_clients, _gate, TimeProvider.System, NullLogger<AtsHttp>.Instance) { MaxResponseBytes = maxResponseBytes };

    private Task<IFlurlResponse> SendAsync(AtsHttp http, string url, HttpMethod verb) =>
        http.SendAsync(AtsKind.Workable, "connection-1", Limit, http.Client(AtsKind.Workable).Request(url), verb);

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_fails_with_a_message()
    {
        _vendor.ForCallsTo("https://acme.workable.com/*").RespondWith("", 302, new { Location = "https://collector.evil.example/steal" });
        _vendor.ForCallsTo("https://collector.evil.example/*").RespondWith("{\"jobs\":[]}");

        var e = await Assert.ThrowsAsync<AtsException>(() => SendAsync(Http(), "https://acme.workable.com/spi/v3/jobs", HttpMethod.Get));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("redirected", e.Message);
        _vendor.ShouldNotHaveCalled("https://collector.evil.example/*");
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_on_the_same_host_is_not_followed()
    {
        _vendor.ForCallsTo("https://acme.workable.com/spi/v3/jobs").RespondWith("", 301, new { Location = "http://acme.workable.com/spi/v3/jobs" });
        _vendor.ForCallsTo("http://acme.workable.com/*").RespondWith("{}");

        await Assert.ThrowsAsync<AtsException>(() => SendAsync(Http(), "https://acme.workable.com/spi/v3/jobs", HttpMethod.Get));

        _vendor.ShouldNotHaveCalled("http://acme.workable.com/*");
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed()
    {
        _vendor.ForCallsTo("https://acme.workable.com/spi/v3/jobs").RespondWith("", 302, new { Location = "https://acme.workable.com/spi/v3/all-jobs" });
        _vendor.ForCallsTo("https://acme.workable.com/spi/v3/all-jobs").RespondWith("{\"jobs\":[]}");

        var response = await SendAsync(Http(), "https://acme.workable.com/spi/v3/jobs", HttpMethod.Get);

        Assert.Equal("{\"jobs\":[]}", await response.GetStringAsync());
    }

    [Fact]
    public async Task A_DELETE_that_fails_transiently_is_not_repeated()
    {
        _vendor.RespondWith("", 503).RespondWith("", 204);

        var e = await Assert.ThrowsAsync<AtsException>(() => SendAsync(Http(), "https://api.lever.co/v1/webhooks/7", HttpMethod.Delete));

        Assert.Equal(AtsFailureKind.Transient, e.Kind);
        _vendor.ShouldHaveCalled("https://api.lever.co/v1/webhooks/7").WithVerb(HttpMethod.Delete).Times(1);
    }

    [Fact]
    public async Task A_GET_that_fails_transiently_is_still_retried()
    {
        _vendor.RespondWith("", 503).RespondWith("{}");

        await SendAsync(Http(), "https://api.lever.co/v1/postings", HttpMethod.Get);

        _vendor.ShouldHaveCalled("https://api.lever.co/v1/postings").Times(2);
    }

    [Fact]
    public async Task A_response_body_over_the_cap_is_refused()
    {
        _vendor.RespondWith(new string('x', 64 * 1024 + 1));

        var e = await Assert.ThrowsAsync<AtsException>(() => SendAsync(Http(maxResponseBytes: 64 * 1024), "https://acme.workable.com/spi/v3/jobs", HttpMethod.Get));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("more than", e.Message);
    }

    [Fact]
    public async Task The_default_cap_refuses_a_body_larger_than_32_MB()
    {
        _vendor.RespondWith(() => new ByteArrayContentOfLength(AtsHttp.DefaultMaxResponseBytes + 1));

        var e = await Assert.ThrowsAsync<AtsException>(() => SendAsync(Http(), "https://acme.workable.com/spi/v3/jobs", HttpMethod.Get));

        Assert.Contains("more than 32 MB", e.Message);
    }

    [Fact]
    public async Task A_body_under_the_cap_reaches_the_provider_intact()
    {
        var body = "{\"jobs\":[" + string.Join(",", Enumerable.Range(0, 500).Select(i => $"{{\"id\":{i}}}")) + "]}";
        _vendor.RespondWith(body);

        var response = await SendAsync(Http(maxResponseBytes: 64 * 1024), "https://acme.workable.com/spi/v3/jobs", HttpMethod.Get);

        Assert.Equal(body, await response.GetStringAsync());
        Assert.Equal(500, (await response.GetJsonAsync<JobsPage>()).Jobs.Count);
    }

    private sealed record JobsPage(List<JobId> Jobs);

    private sealed record JobId(int Id);

    /// <summary>A body of the given length, produced as it is read and without a declared length (as a chunked answer).</summary>
    private sealed class ByteArrayContentOfLength(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[81920];
            for (long written = 0; written < length; written += chunk.Length)
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - written)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
