namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// How late each status poll started against its due time. A connection's polls are due at its trigger's start + n × interval
/// (Quartz's simple trigger keeps that grid); each due time within the window (and at least one interval before its end)
/// is matched, in order, to the connection's first poll that started at or after it. A due poll that had not started by the
/// window's end counts as late by the time to the end (at least one interval): missing polls are never left out.
/// </summary>
public sealed record FleetLateness(int Due, int Missing, TimeSpan Max, TimeSpan P99)
{
    public static FleetLateness Of(IEnumerable<FleetRecords.Trigger> triggers, IEnumerable<FleetRecords.Poll> polls, DateTimeOffset from, DateTimeOffset to)
    {
        var byConnection = polls.GroupBy(p => p.ConnectionId).ToDictionary(g => g.Key, g => g.Select(p => p.StartedAt).Order().ToList());
        var late = new List<TimeSpan>();
        var missing = 0;
        foreach (var trigger in triggers)
        {
            var started = byConnection.GetValueOrDefault(trigger.ConnectionId) ?? [];
            var next = 0;
            var skipped = Math.Max(0, (long)Math.Ceiling((from - trigger.Start) / trigger.Interval));
            for (var due = trigger.Start + skipped * trigger.Interval; due <= to - trigger.Interval; due += trigger.Interval)
            {
                while (next < started.Count && started[next] < due) next++;
                if (next < started.Count) late.Add(started[next++] - due);
                else
                {
                    missing++;
                    late.Add(to - due);
                }
            }
        }
        late.Sort();
        return late.Count == 0
            ? new FleetLateness(0, 0, TimeSpan.Zero, TimeSpan.Zero)
            : new FleetLateness(late.Count, missing, late[^1], late[Math.Clamp((int)Math.Ceiling(0.99 * late.Count) - 1, 0, late.Count - 1)]);
    }
}
