using Circular.Portal.Providers;
using Flurl.Http.Configuration;
using Flurl.Http.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Providers;

/// <summary>A vendor's Retry-After or rate-limit reset never parks a thread for days, nor breaks later calls.</summary>
public sealed class AtsHttpWaitCapTests
{
    private static readonly AtsRateLimit Limit = new(100, TimeSpan.FromSeconds(1));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private (AtsHttp Http, AtsRateGate Gate) Create()
    {
        var gate = new AtsRateGate(_clock);
        return (new AtsHttp(new FlurlClientCache(), gate, _clock, NullLogger<AtsHttp>.Instance), gate);
    }

    [Fact]
    public async Task A_retry_after_of_35_days_is_capped_and_the_next_call_fails_fast_instead_of_sleeping()
    {
        var (http, _) = Create();
        using var test = new HttpTest();
        test.RespondWith("{}", 429, new { Retry_After = "3000000" });

        var first = await Assert.ThrowsAsync<AtsException>(() => http.SendAsync(AtsKind.Lever, "c1", Limit, http.Client(AtsKind.Lever).Request("https://api.example/x"), HttpMethod.Post));
        var next = await Assert.ThrowsAsync<AtsException>(() => http.SendAsync(AtsKind.Lever, "c1", Limit, http.Client(AtsKind.Lever).Request("https://api.example/x"), HttpMethod.Post));

        Assert.Equal(AtsHttp.MaxPause, first.RetryAfter);
        Assert.Equal(AtsFailureKind.Transient, next.Kind);
        Assert.InRange(next.RetryAfter!.Value, AtsHttp.MaxInlineWait, AtsHttp.MaxPause);
        Assert.Single(test.CallLog);
    }

    [Fact]
    public async Task A_429_with_a_rate_limit_reset_in_2100_does_not_throw_out_of_range_and_pauses_at_most_the_cap()
    {
        var (http, gate) = Create();
        using var test = new HttpTest();
        var reset2100 = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString();
        test.RespondWith("{}", 429, new { X_RateLimit_Remaining = "0", X_RateLimit_Reset = reset2100 }).RespondWith("{}", 200);

        await Assert.ThrowsAsync<AtsException>(() => http.SendAsync(AtsKind.Greenhouse, "c2", Limit, http.Client(AtsKind.Greenhouse).Request("https://api.example/y"), HttpMethod.Post));
        var paused = await Assert.ThrowsAsync<AtsException>(() => http.SendAsync(AtsKind.Greenhouse, "c2", Limit, http.Client(AtsKind.Greenhouse).Request("https://api.example/y"), HttpMethod.Post));

        Assert.Equal(AtsFailureKind.Transient, paused.Kind);
        Assert.True(gate.BlockedUntil(AtsKind.Greenhouse, "c2") <= _clock.GetUtcNow() + AtsHttp.MaxPause);
        _clock.Advance(AtsHttp.MaxPause + TimeSpan.FromSeconds(1));
        await http.SendAsync(AtsKind.Greenhouse, "c2", Limit, http.Client(AtsKind.Greenhouse).Request("https://api.example/y"), HttpMethod.Post);
        Assert.Equal(2, test.CallLog.Count);
    }

    [Fact]
    public async Task A_used_up_window_with_a_reset_in_2100_holds_the_connection_for_one_period_at_most()
    {
        var (http, gate) = Create();
        using var test = new HttpTest();
        var reset2100 = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString();
        test.RespondWith("{}", 200, new { X_RateLimit_Remaining = "0", X_RateLimit_Reset = reset2100 });

        await http.SendAsync(AtsKind.Greenhouse, "c3", Limit, http.Client(AtsKind.Greenhouse).Request("https://api.example/y"), HttpMethod.Get);

        // A window never resets later than one period from now (plus the second a rounded reset may add).
        var blocked = gate.BlockedUntil(AtsKind.Greenhouse, "c3");
        Assert.True(blocked > _clock.GetUtcNow(), "someone else used the window up: the connection waits for its reset");
        Assert.True(blocked <= _clock.GetUtcNow() + Limit.Period + TimeSpan.FromSeconds(1), $"held until {blocked}");
    }
}
