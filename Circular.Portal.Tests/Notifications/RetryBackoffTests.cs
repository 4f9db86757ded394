using Circular.Portal.Notifications;
using Circular.Portal.Sync;

namespace Circular.Portal.Tests.Notifications;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Each_delay_is_random_between_zero_and_the_capped_exponential_ceiling()
    {
        var random = new Random(42);
        var baseDelay = TimeSpan.FromSeconds(30);
        var cap = TimeSpan.FromMinutes(30);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1)));
            var delays = Enumerable.Range(0, 200).Select(_ => RetryBackoff.FullJitter(attempt, baseDelay, cap, random)).ToList();
            Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, ceiling));
            // Full jitter spreads the retries over the whole window, not around its top.
            Assert.Contains(delays, d => d < ceiling / 4);
            Assert.Contains(delays, d => d > ceiling * 3 / 4);
        }
    }

    [Fact]
    public void A_large_attempt_count_stays_at_the_cap()
    {
        var delay = RetryBackoff.FullJitter(10_000, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30), new Random(1));
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromMinutes(30));
    }
}
