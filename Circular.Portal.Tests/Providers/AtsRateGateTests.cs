using Circular.Portal.Providers;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Providers;

/// <summary>
/// The per-connection budget on a fake clock: a request counts from the moment it is let through until one period after
/// its answer, so no window of the vendor's sees more than the budget, with several requests in flight at once.
/// </summary>
public sealed class AtsRateGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_whole_budget_goes_at_once_and_the_next_request_waits_one_period_after_the_first_answer()
    {
        var gate = new AtsRateGate(_clock);
        var limit = new AtsRateLimit(5, TimeSpan.FromSeconds(10));
        var first = new List<IDisposable>();
        for (var i = 0; i < 5; i++) first.Add(await gate.WaitAsync(AtsKind.Workable, "c1", limit, default));

        var sixth = gate.WaitAsync(AtsKind.Workable, "c1", limit, default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        first.ForEach(p => p.Dispose());
        _clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(sixth.IsCompleted, "let through before one period had passed since the answers");

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        (await sixth.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task A_request_still_in_flight_keeps_its_permit_however_long_it_takes()
    {
        var gate = new AtsRateGate(_clock);
        var limit = new AtsRateLimit(1, TimeSpan.FromSeconds(2));
        var slow = await gate.WaitAsync(AtsKind.Lever, "c1", limit, default);

        var next = gate.WaitAsync(AtsKind.Lever, "c1", limit, default);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(next.IsCompleted, "a second request went while the first was unanswered");

        slow.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(2));
        (await next.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task No_window_of_one_period_holds_more_than_the_budget_with_four_requests_in_flight_side_by_side()
    {
        var gate = new AtsRateGate(_clock);
        var limit = new AtsRateLimit(5, TimeSpan.FromSeconds(1));
        var sent = new List<DateTimeOffset>();
        var random = new Random(15);
        var latencies = Enumerable.Range(0, 60).Select(_ => TimeSpan.FromMilliseconds(random.Next(10, 300))).ToArray();
        var next = -1;
        var start = _clock.GetUtcNow();

        async Task LaneAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < latencies.Length)
            {
                using var permit = await gate.WaitAsync(AtsKind.Teamtailor, "c1", limit, default);
                lock (sent) sent.Add(_clock.GetUtcNow());
                await Task.Delay(latencies[i], _clock);
            }
        }

        var lanes = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LaneAsync()));
        // Drives the fake clock in small steps until every request was answered (bounded: the test fails, not hangs).
        for (var step = 0; !lanes.IsCompleted && step < 5_000; step++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1);
        }
        await lanes.WaitAsync(Wait);

        var times = sent.Order().ToList();
        Assert.Equal(60, times.Count);
        for (var i = 0; i + limit.Permits < times.Count; i++)
        {
            Assert.True(times[i + limit.Permits] - times[i] >= limit.Period,
                $"requests {i} and {i + limit.Permits} went {(times[i + limit.Permits] - times[i]).TotalMilliseconds} ms apart: 6 in one period");
        }
        // And it does not hold back more than it must: 12 budgets, each waiting at most a period plus one answer.
        Assert.True(times[^1] - start <= TimeSpan.FromSeconds(11 * 1.3 + 0.5), $"took {times[^1] - start}");
    }

    [Fact]
    public async Task The_limit_a_vendor_reports_replaces_the_documented_one()
    {
        var gate = new AtsRateGate(_clock);
        var limit = new AtsRateLimit(10, TimeSpan.FromSeconds(10));
        (await gate.WaitAsync(AtsKind.Greenhouse, "c1", limit, default)).Dispose();
        gate.Observe(AtsKind.Greenhouse, "c1", limit: 2, remaining: 1, reset: null);

        (await gate.WaitAsync(AtsKind.Greenhouse, "c1", limit, default)).Dispose();
        var third = gate.WaitAsync(AtsKind.Greenhouse, "c1", limit, default);

        Assert.False(third.IsCompleted, "a third request within the period the vendor allows two in");
        Assert.Equal(2, gate.Permits(AtsKind.Greenhouse, "c1"));
        _clock.Advance(limit.Period);
        (await third.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task A_window_used_up_by_someone_else_holds_the_connection_until_the_vendors_reset()
    {
        var gate = new AtsRateGate(_clock);
        var limit = new AtsRateLimit(10, TimeSpan.FromSeconds(10));
        (await gate.WaitAsync(AtsKind.Workable, "c1", limit, default)).Dispose();
        gate.Observe(AtsKind.Workable, "c1", limit: 10, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(8));

        var next = gate.WaitAsync(AtsKind.Workable, "c1", limit, default);
        _clock.Advance(TimeSpan.FromSeconds(7.9));
        Assert.False(next.IsCompleted, "sent into a window the vendor said was used up");

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        (await next.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task A_window_the_gate_used_up_itself_adds_no_wait_for_a_reset_rounded_up_to_the_second()
    {
        var gate = new AtsRateGate(_clock);
        var limit = new AtsRateLimit(2, TimeSpan.FromSeconds(10));
        (await gate.WaitAsync(AtsKind.Workable, "c1", limit, default)).Dispose();
        (await gate.WaitAsync(AtsKind.Workable, "c1", limit, default)).Dispose();
        gate.Observe(AtsKind.Workable, "c1", limit: 2, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(10.9));

        var third = gate.WaitAsync(AtsKind.Workable, "c1", limit, default);
        _clock.Advance(limit.Period);

        (await third.WaitAsync(Wait)).Dispose();
        Assert.Equal(DateTimeOffset.MinValue, gate.BlockedUntil(AtsKind.Workable, "c1"));
    }
}
