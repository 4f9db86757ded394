namespace Circular.Portal.Sandbox;

/// <summary>
/// One answer the Sandbox holds back, for tests of what happens while a call is in flight: <see cref="Reached"/> completes
/// when the call arrives at the hold, and the answer goes out on <see cref="Release"/> — or never, when the caller goes
/// away first (its process was killed). A forgotten hold lets go on its own after two minutes.
/// </summary>
public sealed class SandboxHold
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(2);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held call has arrived.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Waits for the release; throws <see cref="OperationCanceledException"/> when the caller went away.</summary>
    internal async Task HoldAsync(CancellationToken callerGone)
    {
        _reached.TrySetResult();
        try
        {
            await _released.Task.WaitAsync(Longest, callerGone);
        }
        catch (TimeoutException)
        {
            // Forgotten by its test: answer after all.
        }
    }
}
