using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// The portal as a separate process (<c>dotnet Circular.Portal.dll</c> from the build output), configured by environment
/// variables: a crash test stops it the hard way (a failpoint's FailFast, or <see cref="Kill"/>) and starts it again over
/// the same data folder while the Sandbox, on its own port in the test process, keeps its state; a cluster test runs
/// nodes of it side by side on one PostgreSQL, or the deploy step (<c>--migrate</c>).
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PortalProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The process id, which the portal puts in the claims it makes (a push's <c>LockedBy</c> starts with it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>CPU time the portal's process has used so far, all threads (a benchmark's share of the node, the test process apart).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The last lines the process wrote (stdout and stderr), for assertions and failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The same, line by line.</summary>
    public IEnumerable<string> Lines => _output;

    /// <param name="settings">Configuration keys as the portal reads them ("Section:Key"), passed as environment variables.</param>
    /// <param name="failpoints">Comma-separated failpoint names to arm (<c>APP_FAILPOINTS</c>).</param>
    /// <param name="argument">A one-shot command such as <c>--migrate</c>: the process is awaited until it exits (code 0).</param>
    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string? failpoints = null, string? argument = null)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Circular.Portal.dll"));
        if (argument is not null) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        // A node of a test never seeds demo data or uses the built-in Sandbox unless the settings say so.
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Sandbox__UseForProviders"] = "false";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        if (failpoints is not null) start.Environment["APP_FAILPOINTS"] = failpoints;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var portal = new PortalProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => portal.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (argument is not null)
        {
            var code = await portal.WaitForExitAsync(TimeSpan.FromSeconds(90));
            if (code != 0) throw new InvalidOperationException($"{argument} failed with {code}:\n{portal.Output}");
            return portal;
        }
        await portal.WaitUntilServingAsync(TimeSpan.FromSeconds(90));
        return portal;
    }

    /// <summary>Waits for the process to end on its own (a failpoint); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The portal process did not stop within {timeout.TotalSeconds:N0} s. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once, as a crash would (no graceful shutdown).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The portal process exited with {_process.ExitCode} while starting. Output:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow > until) throw new TimeoutException($"The portal process did not answer within {timeout.TotalSeconds:N0} s. Output:\n{Output}");
                await Task.Delay(200);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
