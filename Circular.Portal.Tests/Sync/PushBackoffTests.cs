using Circular.Portal.Sync.Push;

namespace Circular.Portal.Tests.Sync;

public sealed class PushBackoffTests
{
    [Fact]
    public void Delays_are_full_jitter_within_base_times_two_to_the_attempt_capped_at_fifteen_minutes()
    {
        var backoff = new PushBackoff(new Random(1234));
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(PushBackoff.Cap.TotalMilliseconds, PushBackoff.Base.TotalMilliseconds * Math.Pow(2, attempt)));
            for (var i = 0; i < 50; i++) Assert.InRange(backoff.Delay(attempt, null), TimeSpan.Zero, ceiling);
        }
    }

    [Fact]
    public void Jitter_spreads_the_delays_instead_of_repeating_one_value()
    {
        var backoff = new PushBackoff(new Random(99));
        var delays = Enumerable.Range(0, 20).Select(_ => backoff.Delay(6, null)).Distinct().Count();
        Assert.True(delays > 15);
    }

    [Fact]
    public void A_vendors_retry_after_is_never_undercut()
    {
        var backoff = new PushBackoff(new Random(7));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.True(backoff.Delay(1, TimeSpan.FromSeconds(120)) >= TimeSpan.FromSeconds(120)));
    }
}
