using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Circular.Portal.Providers;

/// <summary>A vendor's documented request budget for one connection: <paramref name="Permits"/> per <paramref name="Period"/>, bursting to <paramref name="Burst"/>.</summary>
public sealed record AtsRateLimit(int Permits, TimeSpan Period, int Burst);

/// <summary>
/// Per-connection request budget: a token bucket at the vendor's documented rate, plus a "blocked until" set from
/// 429 Retry-After or exhausted rate-limit headers. Keyed by vendor and connection, so one tenant never waits for another.
/// </summary>
public sealed class AtsRateGate(TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<(AtsKind, string), Gate> _gates = new();

    /// <summary>
    /// Multiplies every vendor's budget (permits and burst) for gates made from now on. 1 in the portal; benchmarks raise
    /// it together with the Sandbox's limits (one common factor) to measure pacing against the limits in less time.
    /// </summary>
    public double Scale { get; set; } = 1;

    public async Task WaitAsync(AtsKind kind, string connectionKey, AtsRateLimit limit, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd((kind, connectionKey), _ => new Gate(Scaled(limit)));
        var wait = gate.BlockedUntil - clock.GetUtcNow();
        if (wait > AtsHttp.MaxInlineWait)
        {
            // Never hold a thread through a long pause: the caller stores it on the connection and comes back then.
            throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} asked us to wait until {gate.BlockedUntil:yyyy-MM-dd HH:mm} UTC.", 429, wait);
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
        using var lease = await gate.Limiter.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            throw new AtsException(kind, AtsFailureKind.Transient, "Too many requests are queued for this connection; try again shortly.");
        }
    }

    /// <summary>Holds every call of this connection until <paramref name="until"/> (a vendor's Retry-After or rate-limit reset).</summary>
    public void Block(AtsKind kind, string connectionKey, DateTimeOffset until)
    {
        if (_gates.TryGetValue((kind, connectionKey), out var gate) && until > gate.BlockedUntil)
        {
            gate.BlockedUntil = until;
        }
    }

    private AtsRateLimit Scaled(AtsRateLimit limit) => Scale == 1 ? limit
        : limit with { Permits = Math.Max(1, (int)Math.Round(limit.Permits * Scale)), Burst = Math.Max(1, (int)Math.Round(limit.Burst * Scale)) };

    public DateTimeOffset BlockedUntil(AtsKind kind, string connectionKey) =>
        _gates.TryGetValue((kind, connectionKey), out var gate) ? gate.BlockedUntil : DateTimeOffset.MinValue;

    public void Dispose()
    {
        foreach (var gate in _gates.Values) gate.Limiter.Dispose();
    }

    private sealed class Gate(AtsRateLimit limit)
    {
        public TokenBucketRateLimiter Limiter { get; } = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(limit.Burst, 1),
            TokensPerPeriod = Math.Max(limit.Permits, 1),
            ReplenishmentPeriod = limit.Period,
            QueueLimit = 1000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
