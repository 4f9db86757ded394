using Circular.Portal.Sandbox;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Sandbox;

/// <summary>The Sandbox's fixed-window limit, scaled by the benchmark's common factor, and its request counts.</summary>
public sealed class SandboxRateLimiterTests
{
    [Fact]
    public void A_scaled_limit_admits_limit_times_scale_per_window_and_counts_the_refusals()
    {
        var clock = new FakeTimeProvider();
        var limiter = new SandboxRateLimiter(clock) { Scale = 3 };

        var first = Enumerable.Range(0, 31).Select(_ => limiter.Take("workable:acme", 10, TimeSpan.FromSeconds(10)).Allowed).ToList();
        clock.Advance(TimeSpan.FromSeconds(10));
        var next = limiter.Take("workable:acme", 10, TimeSpan.FromSeconds(10));

        Assert.Equal(30, first.Count(a => a));
        Assert.False(first[^1]);
        Assert.True(next.Allowed);
        Assert.Equal(new SandboxRateCount(32, 1, 30, TimeSpan.FromSeconds(10)), limiter.Count("workable:acme"));
        Assert.Equal(0, limiter.Count("workable:other").Requests);
    }
}
