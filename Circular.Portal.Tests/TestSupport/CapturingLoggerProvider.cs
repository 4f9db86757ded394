using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Captures every log line at every level (Trace included): message, structured values and exceptions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentDictionary<TaskCompletionSource, Func<string, bool>> _waiters = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>Completes when a line matching <paramref name="match"/> is logged after this call; fails after the timeout.</summary>
    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[logged] = match;
        try
        {
            await logged.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No log line matched within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _waiters.TryRemove(logged, out _);
        }
    }

    public void Dispose() { }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        foreach (var (waiter, match) in _waiters)
        {
            if (match(line)) waiter.TrySetResult();
        }
    }

    private sealed class Logger(string category, CapturingLoggerProvider sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            sink.Add($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            sink.Add($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
