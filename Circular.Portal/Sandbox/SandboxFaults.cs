namespace Circular.Portal.Sandbox;

/// <summary>
/// Per-account fault switches for tests and demos: added latency, a share of 5xx answers, revoked credentials,
/// and a forced rate limit. Emulators ask <see cref="Decide"/> before serving an API call.
/// </summary>
public sealed class SandboxFaults
{
    private readonly object _lock = new();
    private int _forcedRateLimits;

    public TimeSpan Latency { get; set; }

    /// <summary>0 to 1: the share of API calls answered with 503.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>When set, every token or key of the account is refused as the vendor refuses a revoked one.</summary>
    public bool Revoked { get; set; }

    /// <summary>The next <paramref name="count"/> API calls get 429 with <paramref name="retryAfter"/>.</summary>
    public void ForceRateLimit(int count, TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _forcedRateLimits = count;
            ForcedRetryAfter = retryAfter;
        }
    }

    public TimeSpan ForcedRetryAfter { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>The next <paramref name="count"/> API calls get 503, whatever the rate.</summary>
    public int ForcedServerErrors { get; set; }

    public async Task<SandboxFault> Decide(CancellationToken ct)
    {
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, ct);
        if (Revoked) return SandboxFault.Revoked;
        lock (_lock)
        {
            if (_forcedRateLimits > 0)
            {
                _forcedRateLimits--;
                return SandboxFault.RateLimited;
            }
            if (ForcedServerErrors > 0)
            {
                ForcedServerErrors--;
                return SandboxFault.ServerError;
            }
        }
        return ServerErrorRate > 0 && Random.Shared.NextDouble() < ServerErrorRate ? SandboxFault.ServerError : SandboxFault.None;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _forcedRateLimits = 0;
            ForcedServerErrors = 0;
        }
        Latency = TimeSpan.Zero;
        ServerErrorRate = 0;
        Revoked = false;
    }
}

public enum SandboxFault { None, Revoked, RateLimited, ServerError }
