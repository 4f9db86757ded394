using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox;

/// <summary>A fixed-window request counter per key, as the vendors describe their limits, for emulators to answer 429.</summary>
public sealed class SandboxRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    /// <summary>Counts one request; <see cref="SandboxRateDecision.Allowed"/> is false once <paramref name="limit"/> is used in the window.</summary>
    public SandboxRateDecision Take(string key, int limit, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        var w = _windows.GetOrAdd(key, _ => new Window { Start = now });
        lock (w)
        {
            if (now - w.Start >= window)
            {
                w.Start = now;
                w.Count = 0;
            }
            var reset = w.Start + window;
            if (w.Count >= limit)
            {
                return new SandboxRateDecision(false, limit, 0, reset, reset - now);
            }
            w.Count++;
            return new SandboxRateDecision(true, limit, limit - w.Count, reset, TimeSpan.Zero);
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }
        public int Count { get; set; }
    }
}

public sealed record SandboxRateDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds to wait, at least one, for a Retry-After header.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
