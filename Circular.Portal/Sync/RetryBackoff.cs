namespace Circular.Portal.Sync;

/// <summary>
/// Capped exponential backoff with full jitter: a random wait in [0, min(cap, base·2^(attempt-1))]. The one formula of
/// every outbox (emails, pushes, platform webhooks).
/// </summary>
public static class RetryBackoff
{
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan cap, Random random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
