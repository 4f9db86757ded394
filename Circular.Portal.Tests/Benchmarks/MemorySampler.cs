using System.Diagnostics;

namespace Circular.Portal.Tests.Benchmarks;

/// <summary>
/// Samples the process's working set and the GC heap every few milliseconds while an operation runs, for its peak memory
/// (the process-wide peak counter cannot be reset between steps).
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakWorkingSet;
    private long _peakHeap;

    public long StartWorkingSet { get; }
    public long StartHeap { get; }
    public long StartAllocated { get; }
    public long Allocated { get; private set; }
    public TimeSpan Elapsed => _watch.Elapsed;
    private readonly Stopwatch _watch;

    private MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        StartWorkingSet = _peakWorkingSet = Environment.WorkingSet;
        StartHeap = _peakHeap = GC.GetTotalMemory(false);
        StartAllocated = GC.GetTotalAllocatedBytes(precise: true);
        _watch = Stopwatch.StartNew();
        _loop = Task.Run(SampleAsync);
    }

    public static MemorySampler Start() => new();

    public long PeakWorkingSet => Math.Max(_peakWorkingSet, Environment.WorkingSet);
    public long PeakHeap => Math.Max(_peakHeap, GC.GetTotalMemory(false));

    public string Describe() =>
        $"peak working set {Mb(PeakWorkingSet)} (+{Mb(PeakWorkingSet - StartWorkingSet)}), peak GC heap +{Mb(PeakHeap - StartHeap)}, allocated {Mb(Allocated)}";

    public static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";

    /// <summary>Stops the clock and the sampling; returns the elapsed time.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        _watch.Stop();
        Allocated = GC.GetTotalAllocatedBytes(precise: true) - StartAllocated;
        Sample();
        await _stop.CancelAsync();
        await _loop;
        return _watch.Elapsed;
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try { await Task.Delay(5, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    private void Sample()
    {
        var ws = Environment.WorkingSet;
        var heap = GC.GetTotalMemory(false);
        if (ws > Interlocked.Read(ref _peakWorkingSet)) Interlocked.Exchange(ref _peakWorkingSet, ws);
        if (heap > Interlocked.Read(ref _peakHeap)) Interlocked.Exchange(ref _peakHeap, heap);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
