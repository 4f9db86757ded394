namespace Circular.Portal.Sync.Push;

/// <summary>
/// When to try a push again: full jitter, random(0, min(cap, base·2^attempt)), never before the vendor's Retry-After.
/// </summary>
public sealed class PushBackoff(Random? random = null)
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(15);

    /// <summary>Attempts before a push that keeps failing transiently is dead-lettered.</summary>
    public const int MaxAttempts = 8;

    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var jittered = RetryBackoff.FullJitter(attempt + 1, Base, Cap, _random);
        return retryAfter is { } after && after > jittered ? after : jittered;
    }
}
