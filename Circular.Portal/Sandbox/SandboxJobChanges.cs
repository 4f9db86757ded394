namespace Circular.Portal.Sandbox;

/// <summary>The checks every emulator makes before <see cref="ISandboxEmulator.ChangeJob"/> touches a job.</summary>
internal static class SandboxJobChanges
{
    /// <summary>The trimmed title for a rename; null for the other changes.</summary>
    /// <exception cref="ArgumentException">A rename without a title.</exception>
    public static string? Title(SandboxJobChange change, string? newTitle)
    {
        if (!Enum.IsDefined(change)) throw new ArgumentOutOfRangeException(nameof(change), change, "Not a job change.");
        if (change != SandboxJobChange.Rename) return null;
        return string.IsNullOrWhiteSpace(newTitle)
            ? throw new ArgumentException("A rename needs the new title.", nameof(newTitle))
            : newTitle.Trim();
    }

    public static KeyNotFoundException NoJob(string vendor, string accountId, string jobId) =>
        new($"The {vendor} sandbox account '{accountId}' has no job '{jobId}' (it may have been deleted).");
}
