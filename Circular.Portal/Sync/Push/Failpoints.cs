namespace Circular.Portal.Sync.Push;

/// <summary>
/// Named points where a crash test stops the process as <c>kill -9</c> would (<see cref="Environment.FailFast(string)"/>:
/// no finally, no graceful shutdown). Armed only by <c>Failpoints</c> in configuration or the <c>APP_FAILPOINTS</c>
/// environment variable, and never in Production; inert otherwise.
/// </summary>
public interface IFailpoints
{
    void Hit(string name);
}

public static class FailpointNames
{
    public const string BeforeAtsCreate = "before_ats_create";
    public const string AfterAtsCreateBeforeCommit = "after_ats_create_before_commit";
    public const string AfterCvUploadBeforeCommit = "after_cv_upload_before_commit";
    /// <summary>A status poll committed one page of observations and has more to apply (its cursor has not moved yet).</summary>
    public const string BetweenStatusPages = "between_status_pages";
}

public sealed class Failpoints : IFailpoints
{
    private readonly HashSet<string> _armed;

    public Failpoints(IConfiguration configuration, IHostEnvironment environment)
    {
        var raw = configuration["Failpoints"] ?? Environment.GetEnvironmentVariable("APP_FAILPOINTS");
        _armed = environment.IsProduction() || string.IsNullOrWhiteSpace(raw)
            ? []
            : raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    public bool Any => _armed.Count > 0;

    public void Hit(string name)
    {
        if (_armed.Contains(name)) Environment.FailFast($"Failpoint {name} reached");
    }
}
