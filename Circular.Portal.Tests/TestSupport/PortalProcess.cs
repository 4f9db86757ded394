using System.Collections.Concurrent;
using System.Diagnostics;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>
/// The portal as a separate process (a node of a cluster), started from the portal project's build output with
/// settings as environment variables. Its console output is kept for assertions; <see cref="Kill"/> ends it at once.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _bannerSeen;

    private PortalProcess(Process process) => _process = process;

    public IEnumerable<string> Output => _output;

    public Uri BaseUrl => _started.Task.Result;

    /// <summary>Starts a node and waits until it listens; with <c>--migrate</c> as argument, runs the deploy step and waits for it to exit.</summary>
    public static async Task<PortalProcess> StartAsync(IDictionary<string, string?> settings, string? argument = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = PortalProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(PortalProject, "bin", Configuration, "net10.0", "Circular.Portal.dll"));
        if (argument is not null) info.ArgumentList.Add(argument);
        else { info.ArgumentList.Add("--urls"); info.ArgumentList.Add("http://127.0.0.1:0"); }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Demo__Seed"] = "false";
        info.Environment["Sandbox__UseForProviders"] = "false";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var node = new PortalProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
        node._process.OutputDataReceived += (_, e) => node.Read(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Read(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        if (argument is not null)
        {
            await node._process.WaitForExitAsync().WaitAsync(limit);
            if (node._process.ExitCode != 0) throw new InvalidOperationException($"{argument} failed:\n{string.Join('\n', node.Output)}");
            return node;
        }
        try
        {
            await Task.WhenAny(node._started.Task, node._process.WaitForExitAsync()).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The node did not start within {limit}:\n{string.Join('\n', node.Output.TakeLast(40))}");
        }
        if (!node._started.Task.IsCompleted) throw new InvalidOperationException($"The node exited:\n{string.Join('\n', node.Output.TakeLast(40))}");
        return node;
    }

    private void Read(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        if (line.Contains("Circular Portal is running:", StringComparison.Ordinal)) _bannerSeen = true;
        else if (_bannerSeen && line.Trim().StartsWith("http://", StringComparison.Ordinal)) _started.TrySetResult(new Uri(line.Trim()));
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

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string PortalProject
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Circular.sln"))) folder = folder.Parent;
            return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Circular.sln not found above the test output."), "Circular.Portal");
        }
    }
}
