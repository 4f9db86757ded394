using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox;

/// <summary>A fixed-window request counter per key, as the vendors describe their limits, for emulators to answer 429.</summary>
public sealed class SandboxRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    /// <summary>
    /// Multiplies every limit (the vendors' documented ones by default). Benchmarks raise it, with the portal's own
    /// budgets, by one common factor so a run at the limits takes minutes, not hours.
    /// </summary>
    public double Scale { get; set; } = 1;

    /// <summary>Counts one request; <see cref="SandboxRateDecision.Allowed"/> is false once <paramref name="limit"/> is used in the window.</summary>
    public SandboxRateDecision Take(string key, int limit, TimeSpan window)
    {
        var w = _windows.GetOrAdd(key, _ => new Window { Start = clock.GetUtcNow() });
        limit = Scale == 1 ? limit : Math.Max(1, (int)Math.Round(limit * Scale));
        lock (w)
        {
            // Read under the lock: a request that read the clock before another one reset the window must not be counted
            // in the new window as if it came after the reset (the vendor counts each request once, in arrival order).
            var now = clock.GetUtcNow();
            w.Limit = limit;
            w.Length = window;
            w.Requests++;
            if (now - w.Start >= window)
            {
                w.Start = now;
                w.Count = 0;
            }
            var reset = w.Start + window;
            if (w.Count >= limit)
            {
                w.Refused++;
                return new SandboxRateDecision(false, limit, 0, reset, reset - now);
            }
            w.Count++;
            return new SandboxRateDecision(true, limit, limit - w.Count, reset, TimeSpan.Zero);
        }
    }

    /// <summary>What a key has seen so far: every request counted, those answered 429, and the (scaled) limit last applied.</summary>
    public SandboxRateCount Count(string key)
    {
        if (!_windows.TryGetValue(key, out var w)) return new SandboxRateCount(0, 0, 0, TimeSpan.Zero);
        lock (w) return new SandboxRateCount(w.Requests, w.Refused, w.Limit, w.Length);
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }
        public int Count { get; set; }
        public long Requests { get; set; }
        public long Refused { get; set; }
        public int Limit { get; set; }
        public TimeSpan Length { get; set; }
    }
}

/// <param name="Requests">Every request counted under the key, refused ones included.</param>
/// <param name="Refused">Requests answered 429 for the window being used up.</param>
public sealed record SandboxRateCount(long Requests, long Refused, int Limit, TimeSpan Window);

public sealed record SandboxRateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds to wait, at least one, for a Retry-After header.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
