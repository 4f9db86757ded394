namespace Circular.Portal.Sandbox;

public enum SandboxRecruiterAction { Advance, Reject, Hire }

/// <summary>What a recruiter can do to a job at the vendor, for showing mapping health: the portal's sync sees each one.</summary>
public enum SandboxJobChange { Rename, Close, Reopen, Delete }

/// <summary>
/// One vendor's emulator: serves that vendor's own paths and wire format below <c>/sandbox/{Vendor}</c>, keeps the
/// accounts' state in memory, and lets a person play the recruiter from the console. It never uses Providers/ code:
/// both sides are written from the vendor's documentation, so a misreading shows up as a failing contract test.
/// </summary>
public interface ISandboxEmulator
{
    /// <summary>The path segment under /sandbox, e.g. "lever".</summary>
    string Vendor { get; }

    string DisplayName { get; }

    /// <summary>Maps the vendor's API (and OAuth pages where it has them) on <paramref name="vendorRoot"/>, which is /sandbox/{Vendor}.</summary>
    void MapEndpoints(IEndpointRouteBuilder vendorRoot);

    /// <summary>The <c>Ats:&lt;Vendor&gt;:…</c> settings that point the real provider at this emulator, given the sandbox root URL (ending in /sandbox/).</summary>
    IReadOnlyDictionary<string, string?> ProviderConfiguration(Uri sandboxRoot);

    IReadOnlyList<SandboxAccountView> Accounts { get; }

    IReadOnlyList<SandboxJobView> Jobs(string accountId);

    IReadOnlyList<SandboxCandidateView> Candidates(string accountId);

    /// <summary>The recruiter moves, rejects or hires a candidate: polling sees it and subscribed webhooks fire.</summary>
    Task<string> ActAsync(string accountId, string candidateId, SandboxRecruiterAction action, CancellationToken ct);

    /// <summary>
    /// The recruiter edits a job: renames it (<paramref name="newTitle"/> required), closes it or reopens it in the vendor's own
    /// state field, or deletes it. The job's updated time moves to now so an incremental listing sees it; a deleted job disappears
    /// from every listing and lookup (candidates already sent to it keep their reference).
    /// </summary>
    /// <param name="jobId">The id <see cref="Jobs"/> shows, which is the external id the real provider reports.</param>
    /// <exception cref="KeyNotFoundException">The account has no such job.</exception>
    /// <exception cref="ArgumentException">A rename without a title.</exception>
    void ChangeJob(string accountId, string jobId, SandboxJobChange change, string? newTitle = null);

    SandboxFaults Faults(string accountId);
}

/// <param name="Credentials">How to connect, as a newcomer reads it (sandbox credentials are demo data, not secrets).</param>
public sealed record SandboxAccountView(string Id, string Name, string Credentials);

public sealed record SandboxJobView(string Id, string Title, string Status, string? Location, string? Department);

public sealed record SandboxCandidateView(
    string Id,
    string Name,
    string? Email,
    string? JobTitle,
    string Stage,
    string Status,
    IReadOnlyList<string> Tags,
    string? Source,
    string? LinkedInUrl,
    string? Cv,
    string? Note)
{
    /// <summary>How many CVs the vendor holds for the candidate, where it can hold several; otherwise one when <see cref="Cv"/> is set.</summary>
    public int? CvCount { get; init; }

    public int Cvs => CvCount ?? (Cv is null ? 0 : 1);
}
