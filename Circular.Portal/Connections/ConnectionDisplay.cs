using Circular.Portal.Providers;
using Circular.Portal.Sync;

namespace Circular.Portal.Connections;

/// <summary>How a connection reads on its card and its settings page, worded once.</summary>
public static class ConnectionDisplay
{
    /// <summary>"acme-robotics (Lever production)": the environment is added only where the account name does not say it already.</summary>
    public static string AccountLabel(AtsConnection connection)
    {
        var name = connection.AccountName ?? connection.Account ?? "";
        return connection.Environment is { Length: > 0 } env && !name.Contains(env, StringComparison.OrdinalIgnoreCase)
            ? $"{name} ({env})"
            : name;
    }

    /// <summary>What the connect wizard still needs before candidates can be sent, or null when set-up is finished.</summary>
    public static string? UnfinishedSetup(AtsConnection connection, AtsProviderTraits traits) =>
        connection.State is ConnectionState.Disconnected or ConnectionState.NeedsReauth ? null
        : traits.NeedsActingUser && connection.ActingUserId is null
            ? $"Set-up is not finished: choose the {traits.DisplayName} user candidates are added as. Until then no candidate is sent."
            : null;

    /// <summary>What the last finished sync brought: "3 new, 2 changed", or "no changes" (never "0 jobs").</summary>
    public static string RunSummary(SyncRun run)
    {
        var parts = new List<string>(2);
        if (run.JobsAdded > 0) parts.Add($"{run.JobsAdded} new");
        if (run.JobsUpdated > 0) parts.Add($"{run.JobsUpdated} changed");
        return parts.Count == 0 ? "no changes" : string.Join(", ", parts);
    }
}
