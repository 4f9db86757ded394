using System.Diagnostics;
using Circular.Portal.Tests.TestSupport;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Fleet simulation: how many connections one node sustains, each polled every 5 minutes with no change, under half its CPU
/// and with no poll starting later than one interval. The real scheduling (one Quartz status trigger per connection, on
/// SQLite) and the real poller run in a portal process of their own, against the Sandbox on loopback in the test process,
/// so the process's CPU time is the portal's alone. Time is compressed honestly: N connections every 5 minutes are N / 300
/// polls a second, and so are N / k connections every 5 minutes / k; the table prints k. Seeding and the start are left
/// out: the window opens once every connection is connected and one interval has passed.
/// </summary>
public sealed class FleetBenchmark(IntegrationFixture fixture, BenchmarkTable table, ITestOutputHelper output)
{
    private const string Section = "Fleet";
    private static readonly TimeSpan RealInterval = TimeSpan.FromMinutes(5);
    private static readonly int[] FleetSizes = [1_000, 2_500, 5_000, 10_000];
    private static readonly int Connections = BenchmarkScale.Of(250, minimum: 10);
    private static readonly TimeSpan Warming = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(Math.Max(15, 60 * BenchmarkScale.Size));

    public sealed record Step(int Fleet, double K, TimeSpan Interval, TimeSpan Window, double Cpu, TimeSpan CpuTime, int Polls, int Failed,
        TimeSpan MeanPoll, FleetLateness Lateness)
    {
        public bool Sustained => Cpu < 0.5 && Lateness.Max < Interval && Lateness.Missing == 0;
        public double CpuMsPerPoll => Polls == 0 ? 0 : CpuTime.TotalMilliseconds / Polls;
    }

    public async Task RunAsync()
    {
        var folder = TestPaths.NewFolder("fleet");
        var scheduler = $"fleet-{Guid.NewGuid():N}";
        var seeding = Stopwatch.StartNew();
        await FleetSeeding.SeedAsync(fixture.Sandbox, FleetSeeding.Settings(fixture.Sandbox, folder, scheduler, IntervalFor(FleetSizes[0])), folder, Connections);
        output.WriteLine($"Fleet: {Connections} connections over the five vendors connected and given a tracked application in {seeding.Elapsed.TotalSeconds:N0} s");

        var steps = new List<Step>();
        foreach (var fleet in FleetSizes)
        {
            var step = await MeasureAsync(folder, scheduler, fleet);
            steps.Add(step);
            output.WriteLine($"Fleet {fleet:N0} (= {Connections} every {step.Interval.TotalSeconds:N1} s, k = {step.K:0.#}): CPU {step.Cpu:P1} of {Environment.ProcessorCount} cores "
                             + $"({step.CpuTime.TotalSeconds:N1} s in {step.Window.TotalSeconds:N0} s), {step.Polls} polls ({step.Polls / step.Window.TotalSeconds:N1}/s, {step.Failed} failed), "
                             + $"{step.CpuMsPerPoll:N1} ms CPU and {step.MeanPoll.TotalMilliseconds:N0} ms wall per poll; lateness of {step.Lateness.Due} due polls max {Ms(step.Lateness.Max)}, "
                             + $"p99 {Ms(step.Lateness.P99)}, {step.Lateness.Missing} not started; {(step.Sustained ? "sustained" : "NOT sustained")}");
            table.Add(Section, $"{fleet:N0} every 5 min = {Connections} every {step.Interval.TotalSeconds:0.##} s (k {step.K:0.#}): portal CPU, polls",
                $"{step.Cpu:P0} of {Environment.ProcessorCount} cores, {step.Polls:N0} ({step.Polls / step.Window.TotalSeconds:N1}/s)", "< 50 %");
            table.Add(Section, "  latest start after due: max / p99 (missing)",
                $"{Ms(step.Lateness.Max)} / {Ms(step.Lateness.P99)} ({step.Lateness.Missing})", $"< {step.Interval.TotalSeconds:0.##} s");
            if (!step.Sustained) break;
        }
        var best = steps.Where(s => s.Sustained).Select(s => s.Fleet).DefaultIfEmpty(0).Max();
        var polls = steps.Sum(s => s.Polls);
        var perPoll = polls == 0 ? 0 : steps.Sum(s => s.CpuTime.TotalMilliseconds) / polls;
        table.Add(Section, "Connections one node sustains polled every 5 min (< half its CPU), latest start",
            best == 0 ? "none of the steps" : $"{(best == FleetSizes[^1] ? "≥ " : "")}{best:N0} (steps {string.Join(" / ", FleetSizes.Take(steps.Count).Select(f => f.ToString("N0")))})",
            "5,000, none later than 5 min");
        // The slope between the first and the last step leaves out what the idle portal spends anyway (its other timers).
        var (first, last) = (steps[0], steps[^1]);
        var marginal = steps.Count < 2 ? perPoll
            : (last.CpuTime / last.Window - first.CpuTime / first.Window) * 1000 / (last.Polls / last.Window.TotalSeconds - first.Polls / first.Window.TotalSeconds);
        output.WriteLine($"Fleet: {perPoll:N1} ms CPU per poll overall, {marginal:N1} ms each beyond the idle portal's own");
        table.Add(Section, "  portal CPU per poll (no change): overall / beyond idle", $"{perPoll:N1} / {marginal:N1} ms", "");
        Assert.True(steps[0].Polls > 0, "No status poll ran");
        Assert.True(steps[0].Polls > steps[0].Failed, "Every status poll failed");
    }

    private static TimeSpan IntervalFor(int fleet) => RealInterval * Connections / fleet;

    private async Task<Step> MeasureAsync(string folder, string scheduler, int fleet)
    {
        var interval = IntervalFor(fleet);
        var records = new FleetRecords(Path.Combine(folder, "portal.db"));
        var settings = FleetSeeding.Settings(fixture.Sandbox, folder, scheduler, interval);
        await using var portal = await PortalProcess.StartAsync(settings);
        // Started: the first syncs have run and every status trigger has the step's interval (set at the start).
        await UntilAsync(async () => await records.ConnectedAsync() == Connections
                                     && (await records.StatusTriggersAsync(scheduler)).Count(t => t.Interval == interval) == Connections,
            TimeSpan.FromMinutes(10), () => $"fleet {fleet}: not all connected with their status trigger\n{portal.Output}");
        // Every trigger's first fire falls within one interval of the start; the process's code is warm after some 20 s.
        await Task.Delay((interval > Warming ? interval : Warming) + TimeSpan.FromSeconds(2));

        var window = interval * 2 > MinimumWindow ? interval * 2 : MinimumWindow;
        var from = DateTimeOffset.UtcNow;
        var cpuBefore = portal.ProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(window);
        var cpu = portal.ProcessorTime - cpuBefore;
        var elapsed = wall.Elapsed;
        var to = DateTimeOffset.UtcNow;

        var triggers = await records.StatusTriggersAsync(scheduler);
        var polls = (await records.StatusPollsAsync(from - interval)).ToList();
        var inWindow = polls.Where(p => p.StartedAt >= from && p.StartedAt < to).ToList();
        var finished = inWindow.Where(p => p.FinishedAt is not null).ToList();
        var meanPoll = finished.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)finished.Average(p => (p.FinishedAt!.Value - p.StartedAt).Ticks));
        return new Step(fleet, (double)fleet / Connections, interval, elapsed, cpu / (elapsed * Environment.ProcessorCount), cpu, inWindow.Count,
            inWindow.Count(p => p.Outcome == "Failed"), meanPoll, FleetLateness.Of(triggers, polls, from, to));
    }

    private static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException(what());
            await Task.Delay(500);
        }
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:N0} ms";
}
