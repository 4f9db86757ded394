using System.Globalization;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// The two knobs of a benchmark run, from the environment: BENCH_SCALE multiplies every size (0.1 while developing, 1 for
/// the figures), BENCH_RATE_SCALE multiplies every vendor's documented rate limit in the Sandbox (one common factor).
/// </summary>
public static class BenchmarkScale
{
    public const double DefaultRateLimitFactor = 10;

    public static double Size { get; } = Read("BENCH_SCALE", 1);

    public static double RateLimits { get; } = Read("BENCH_RATE_SCALE", DefaultRateLimitFactor);

    /// <summary>A size scaled by BENCH_SCALE, at least <paramref name="minimum"/>.</summary>
    public static int Of(int fullSize, int minimum = 1) => Math.Max(minimum, (int)Math.Round(fullSize * Size));

    private static double Read(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
