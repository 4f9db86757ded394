namespace Circular.Portal.Sandbox;

/// <summary>
/// Per-account fault switches for tests and demos: added latency, a share of 5xx answers, revoked credentials,
/// a forced rate limit, queued raw answers (any status, Retry-After in seconds or as an HTTP date), a lost answer
/// to a write that took effect, and a held answer to one (<see cref="HoldNextWriteAnswer"/>). Emulators ask <see cref="Decide"/> before serving an API call.
/// </summary>
public sealed class SandboxFaults
{
    private readonly object _lock = new();
    private readonly Queue<SandboxForcedAnswer> _answers = new();
    private int _forcedRateLimits;
    private int _lostWriteAnswers;
    private SandboxHold? _heldWrite;

    /// <summary>
    /// The next <paramref name="count"/> API calls are answered with <paramref name="status"/> instead of being served,
    /// with <paramref name="retryAfter"/> as the Retry-After header when given (e.g. "120" or an HTTP date).
    /// </summary>
    public void Answer(int status, int count = 1, string? retryAfter = null, string? message = null)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++) _answers.Enqueue(new SandboxForcedAnswer(status, retryAfter, message ?? $"Sandbox fault: {status}"));
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> successful writes (POST) take effect, but their answer is lost: the connection is
    /// cut as a client timeout would see it. Needs <see cref="SandboxFaultMiddleware"/> in the pipeline (SandboxHost has it).
    /// </summary>
    public void LoseWriteAnswers(int count = 1)
    {
        lock (_lock) _lostWriteAnswers = count;
    }

    internal bool TakeLostWriteAnswer()
    {
        lock (_lock)
        {
            if (_lostWriteAnswers <= 0) return false;
            _lostWriteAnswers--;
            return true;
        }
    }

    /// <summary>
    /// The next successful write (POST) takes effect, but its answer is held until the hold is released or the caller
    /// goes away (a node killed mid-push). Needs <see cref="SandboxFaultMiddleware"/> in the pipeline (SandboxHost has it).
    /// </summary>
    public SandboxHold HoldNextWriteAnswer()
    {
        var hold = new SandboxHold();
        lock (_lock) _heldWrite = hold;
        return hold;
    }

    internal SandboxHold? TakeHeldWriteAnswer()
    {
        lock (_lock)
        {
            var hold = _heldWrite;
            _heldWrite = null;
            return hold;
        }
    }

    public TimeSpan Latency { get; set; }

    /// <summary>0 to 1: the share of API calls answered with 503.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>When set, every token or key of the account is refused as the vendor refuses a revoked one.</summary>
    public bool Revoked { get; set; }

    /// <summary>The next <paramref name="count"/> API calls get 429 with <paramref name="retryAfter"/>.</summary>
    public void ForceRateLimit(int count, TimeSpan retryAfter)
    {
        lock (_lock)
        {
            _forcedRateLimits = count;
            ForcedRetryAfter = retryAfter;
        }
    }

    public TimeSpan ForcedRetryAfter { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>The next <paramref name="count"/> API calls get 503, whatever the rate.</summary>
    public int ForcedServerErrors { get; set; }

    public async Task<SandboxFault> Decide(CancellationToken ct)
    {
        SandboxFaultMiddleware.Attach(this);
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency, ct);
        if (Revoked) return SandboxFault.Revoked;
        lock (_lock)
        {
            // Answered by the middleware in place of the vendor's handler.
            if (_answers.TryDequeue(out var answer)) throw answer.AsException();
            if (_forcedRateLimits > 0)
            {
                _forcedRateLimits--;
                return SandboxFault.RateLimited;
            }
            if (ForcedServerErrors > 0)
            {
                ForcedServerErrors--;
                return SandboxFault.ServerError;
            }
        }
        return ServerErrorRate > 0 && Random.Shared.NextDouble() < ServerErrorRate ? SandboxFault.ServerError : SandboxFault.None;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _forcedRateLimits = 0;
            ForcedServerErrors = 0;
            _answers.Clear();
            _lostWriteAnswers = 0;
            _heldWrite?.Release();
            _heldWrite = null;
        }
        Latency = TimeSpan.Zero;
        ServerErrorRate = 0;
        Revoked = false;
    }
}

public enum SandboxFault { None, Revoked, RateLimited, ServerError }

/// <summary>A raw answer queued by <see cref="SandboxFaults.Answer"/>.</summary>
public sealed record SandboxForcedAnswer(int Status, string? RetryAfter, string Message)
{
    internal SandboxForcedAnswerException AsException() => new(this);
}

internal sealed class SandboxForcedAnswerException(SandboxForcedAnswer answer) : Exception(answer.Message)
{
    public SandboxForcedAnswer Answer { get; } = answer;
}

