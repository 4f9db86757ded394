using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// The one table every benchmark adds its figures to, printed by the last benchmark of the run: figure, value, goal,
/// and the machine and scale factors the figures came from.
/// </summary>
public sealed class BenchmarkTable
{
    private readonly List<Row> _rows = [];

    public sealed record Row(string Section, string Figure, string Value, string Goal);

    public IReadOnlyList<Row> Rows
    {
        get { lock (_rows) return _rows.ToList(); }
    }

    public void Add(string section, string figure, string value, string goal = "")
    {
        lock (_rows) _rows.Add(new Row(section, figure, value, goal));
    }

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}";

    public void Print(ITestOutputHelper output)
    {
        var rows = Rows;
        output.WriteLine("");
        output.WriteLine($"Circular Portal benchmarks — machine: {Machine}");
        output.WriteLine($"Sizes scaled by BENCH_SCALE = {BenchmarkScale.Size:0.###}; every vendor's rate limit scaled by BENCH_RATE_SCALE = {BenchmarkScale.RateLimits:0.###}");
        var sectionWidth = Math.Max(7, rows.Select(r => r.Section.Length).DefaultIfEmpty(0).Max());
        var figureWidth = Math.Max(6, rows.Select(r => r.Figure.Length).DefaultIfEmpty(0).Max());
        var valueWidth = Math.Max(5, rows.Select(r => r.Value.Length).DefaultIfEmpty(0).Max());
        var goalWidth = Math.Max(4, rows.Select(r => r.Goal.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"| {"section".PadRight(sectionWidth)} | {"figure".PadRight(figureWidth)} | {"value".PadRight(valueWidth)} | {"goal".PadRight(goalWidth)} |");
        output.WriteLine($"|{new string('-', sectionWidth + 2)}|{new string('-', figureWidth + 2)}|{new string('-', valueWidth + 2)}|{new string('-', goalWidth + 2)}|");
        foreach (var row in rows)
            output.WriteLine($"| {row.Section.PadRight(sectionWidth)} | {row.Figure.PadRight(figureWidth)} | {row.Value.PadRight(valueWidth)} | {row.Goal.PadRight(goalWidth)} |");
    }
}
