using System.Collections.Concurrent;
using Circular.Portal.Data;

namespace Circular.Portal.Jobs;

public sealed record ImportProgress(int Total, int Done, bool Running, ImportResult? Result);

/// <summary>
/// Runs imports in the background so a large account (thousands of jobs) never blocks the page, one at a time per
/// connection, with progress the page can show live. The import itself is one transaction (see <see cref="JobImporter"/>).
/// </summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, ILogger<ImportRunner> log)
{
    private readonly ConcurrentDictionary<int, ImportProgress> _progress = new();

    public event Func<int, Task>? Changed;

    public ImportProgress? Progress(int connectionId) => _progress.GetValueOrDefault(connectionId);

    /// <summary>Starts an import; false when one is already running for this connection.</summary>
    public bool Start(int companyId, int connectionId, int total, bool includeDrafts, bool applyUpdates, string by) =>
        Start(companyId, connectionId, total, includeDrafts, includeInternal: false, applyUpdates, by);

    /// <summary>Starts an import; false when one is already running for this connection.</summary>
    public bool Start(int companyId, int connectionId, int total, bool includeDrafts, bool includeInternal, bool applyUpdates, string by)
    {
        var started = new ImportProgress(total, 0, true, null);
        if (_progress.TryGetValue(connectionId, out var current) && current.Running) return false;
        _progress[connectionId] = started;
        _ = Task.Run(() => RunAsync(companyId, connectionId, total, includeDrafts, includeInternal, applyUpdates, by));
        return true;
    }

    private async Task RunAsync(int companyId, int connectionId, int total, bool includeDrafts, bool includeInternal, bool applyUpdates, string by)
    {
        ImportResult result;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActFor(companyId);
            var importer = scope.ServiceProvider.GetRequiredService<JobImporter>();
            // Reported inline: Progress<T> would post to the thread pool, and a late "8 of 8, running" could land after the
            // final result and leave the page showing "Importing…" for good.
            var progress = new InlineProgress(done => _ = UpdateAsync(connectionId, new ImportProgress(total, done, true, null)));
            result = await importer.ImportAsync(connectionId, includeDrafts, includeInternal, applyUpdates, by, progress, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Import for connection {ConnectionId} failed and was rolled back", connectionId);
            result = new ImportResult(false, "The import failed and nothing was saved. Try again; if it fails again, contact support.");
        }
        await UpdateAsync(connectionId, new ImportProgress(total, result.Succeeded ? total : 0, false, result));
    }

    private async Task UpdateAsync(int connectionId, ImportProgress progress)
    {
        _progress[connectionId] = progress;
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<int, Task>>()) await handler(connectionId);
        }
    }

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
