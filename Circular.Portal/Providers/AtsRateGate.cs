using System.Collections.Concurrent;

namespace Circular.Portal.Providers;

/// <summary>
/// A vendor's request budget for one connection: at most <paramref name="Permits"/> requests in any <paramref name="Period"/>.
/// A fixed window ("10 per 10 s") is written as it is documented; a token bucket ("10/s, bursts to 20") as the window its
/// burst drains in ("20 per 2 s"), which never sends more than the bucket admits.
/// </summary>
public sealed record AtsRateLimit(int Permits, TimeSpan Period);

/// <summary>
/// Per-connection request budget, keyed by vendor and connection so one tenant never waits for another. A request holds a
/// permit while it is in flight and for one <see cref="AtsRateLimit.Period"/> after its answer arrived: the vendor counted
/// it before it answered, so no window of the vendor's, fixed or sliding, however aligned, ever sees more than the budget,
/// and up to the whole budget may be in flight at once. A vendor's own figures adjust it: the limit it reports replaces
/// the documented one, and an exhausted window (or a 429) holds every call until the reset it names.
/// </summary>
public sealed class AtsRateGate(TimeProvider clock)
{
    /// <summary>The largest limit a vendor's header may set (a garbled header must not open the gate wide).</summary>
    public const int MaxReportedLimit = 10_000;

    private readonly ConcurrentDictionary<(AtsKind, string), Gate> _gates = new();

    /// <summary>
    /// Multiplies every vendor's documented budget (not a limit the vendor reports) for gates made from now on. 1 in the
    /// portal; benchmarks raise it together with the Sandbox's limits (one common factor) to measure pacing in less time.
    /// </summary>
    public double Scale { get; set; } = 1;

    /// <summary>
    /// Waits for a permit and returns it; dispose it when the vendor's answer (or the failure) arrived. Fails as transient
    /// at once, instead of waiting, when the vendor asked for a pause longer than <see cref="AtsHttp.MaxInlineWait"/>.
    /// </summary>
    public async Task<IDisposable> WaitAsync(AtsKind kind, string connectionKey, AtsRateLimit limit, CancellationToken ct)
    {
        var gate = GateFor(kind, connectionKey, limit);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var now = clock.GetUtcNow();
            var wait = gate.TryTake(now);
            if (wait is null) return new Permit(gate, clock);
            if (wait.Blocked && wait.Until - now > AtsHttp.MaxInlineWait)
            {
                // Never hold a caller through a long pause: it stores the pause on the connection and comes back then.
                throw new AtsException(kind, AtsFailureKind.Transient, $"{kind} asked us to wait until {wait.Until:yyyy-MM-dd HH:mm} UTC.", 429, wait.Until - now);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var woken = new List<Task>(2) { wait.Finished.WaitAsync(stop.Token) };
            if (wait.Until is { } until) woken.Add(Task.Delay(until - now, clock, stop.Token));
            await Task.WhenAny(woken);
            await stop.CancelAsync();
        }
    }

    /// <summary>Holds every call of this connection until <paramref name="until"/> (a vendor's Retry-After or a 429's reset).</summary>
    public void Block(AtsKind kind, string connectionKey, DateTimeOffset until)
    {
        if (_gates.TryGetValue((kind, connectionKey), out var gate)) gate.Block(until);
    }

    /// <summary>
    /// What the vendor said about its budget on a successful answer: its limit (kept from now on), and whether the window is
    /// used up until <paramref name="reset"/>. An exhausted window holds the connection only when this gate has not used the
    /// budget itself: then someone else shares it (another client of the account, a restart). When the gate is full, its own
    /// permits already come free no earlier than the vendor's window resets, without the whole second a rounded reset adds.
    /// </summary>
    public void Observe(AtsKind kind, string connectionKey, int? limit, int? remaining, DateTimeOffset? reset)
    {
        if (!_gates.TryGetValue((kind, connectionKey), out var gate)) return;
        gate.Observe(clock.GetUtcNow(), limit is > 0 ? Math.Min(limit.Value, MaxReportedLimit) : null, remaining == 0 ? reset : null);
    }

    public DateTimeOffset BlockedUntil(AtsKind kind, string connectionKey) =>
        _gates.TryGetValue((kind, connectionKey), out var gate) ? gate.BlockedUntil : DateTimeOffset.MinValue;

    /// <summary>The permits a connection's gate grants per period now (the documented budget, or the vendor's own figure).</summary>
    public int? Permits(AtsKind kind, string connectionKey) =>
        _gates.TryGetValue((kind, connectionKey), out var gate) ? gate.Permits : null;

    private Gate GateFor(AtsKind kind, string connectionKey, AtsRateLimit limit) =>
        _gates.GetOrAdd((kind, connectionKey), _ => new Gate(Scale == 1 ? limit.Permits : Math.Max(1, (int)Math.Round(limit.Permits * Scale)), limit.Period));

    private sealed record Wait(bool Blocked, DateTimeOffset? Until, Task Finished);

    private sealed class Permit(Gate gate, TimeProvider clock) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Finish(clock.GetUtcNow());
        }
    }

    private sealed class Gate(int permits, TimeSpan period)
    {
        private readonly object _lock = new();
        // When each answered request stops counting (its answer + one period), oldest first.
        private readonly Queue<DateTimeOffset> _frees = new();
        private int _inFlight;
        private TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Permits { get; private set; } = Math.Max(1, permits);

        public DateTimeOffset BlockedUntil { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>Null when a permit was taken; otherwise what to wait for before trying again.</summary>
        public Wait? TryTake(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (BlockedUntil > now) return new Wait(true, BlockedUntil, _finished.Task);
                Prune(now);
                if (_inFlight + _frees.Count < Permits)
                {
                    _inFlight++;
                    return null;
                }
                // Only a permit's period running out frees one; an answer arriving starts that period.
                return new Wait(false, _frees.Count > 0 ? _frees.Peek() : null, _finished.Task);
            }
        }

        public void Finish(DateTimeOffset now)
        {
            TaskCompletionSource finished;
            lock (_lock)
            {
                _inFlight--;
                _frees.Enqueue(now + period);
                finished = _finished;
                _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            finished.TrySetResult();
        }

        public void Block(DateTimeOffset until)
        {
            lock (_lock)
            {
                if (until > BlockedUntil) BlockedUntil = until;
            }
        }

        public void Observe(DateTimeOffset now, int? limit, DateTimeOffset? exhaustedUntil)
        {
            lock (_lock)
            {
                if (limit is { } reported) Permits = reported;
                if (exhaustedUntil is not { } until || until <= now) return;
                Prune(now);
                if (_inFlight + _frees.Count < Permits && until > BlockedUntil) BlockedUntil = until;
            }
        }

        private void Prune(DateTimeOffset now)
        {
            while (_frees.Count > 0 && _frees.Peek() <= now) _frees.Dequeue();
        }
    }
}
