namespace Circular.Portal.Tests.Benchmarks;

/// <summary>The fleet benchmark's lateness figure: each due poll matched to the poll that served it, missing ones not left out.</summary>
public sealed class FleetLatenessTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public void Each_due_poll_is_late_by_the_time_to_the_first_poll_that_started_after_it()
    {
        var trigger = new FleetRecords.Trigger(1, Start, Interval);
        var polls = new[] { Poll(1, 0.1), Poll(1, 10.5), Poll(1, 23) };

        var lateness = FleetLateness.Of([trigger], polls, Start, Start.AddSeconds(30));

        Assert.Equal(3, lateness.Due);
        Assert.Equal(0, lateness.Missing);
        Assert.Equal(TimeSpan.FromSeconds(3), lateness.Max);
    }

    [Fact]
    public void A_due_poll_that_never_started_counts_as_late_until_the_window_ends()
    {
        var triggers = new[] { new FleetRecords.Trigger(1, Start, Interval), new FleetRecords.Trigger(2, Start.AddSeconds(5), Interval) };
        var polls = new[] { Poll(1, 0.2), Poll(1, 10.2), Poll(1, 20.2), Poll(2, 5.1) };

        var lateness = FleetLateness.Of(triggers, polls, Start, Start.AddSeconds(30));

        // Connection 2 was due at 5 and 15 s: the second never started, 15 s before the end.
        Assert.Equal(5, lateness.Due);
        Assert.Equal(1, lateness.Missing);
        Assert.Equal(TimeSpan.FromSeconds(15), lateness.Max);
    }

    [Fact]
    public void Polls_due_before_the_window_are_not_counted()
    {
        var trigger = new FleetRecords.Trigger(1, Start, Interval);
        var polls = new[] { Poll(1, 9), Poll(1, 20.5) };

        var lateness = FleetLateness.Of([trigger], polls, Start.AddSeconds(15), Start.AddSeconds(30));

        Assert.Equal(1, lateness.Due);
        Assert.Equal(TimeSpan.FromMilliseconds(500), lateness.Max);
    }

    private static FleetRecords.Poll Poll(int connectionId, double seconds) =>
        new(connectionId, Start.AddSeconds(seconds), Start.AddSeconds(seconds + 0.05), "Succeeded");
}
