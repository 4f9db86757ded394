namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>Key scopes and permissions as an admin picks them in Settings → Integrations → API keys.</summary>
public enum TeamtailorKeyScope { Public, Internal, Admin }

public enum TeamtailorKeyPermission { Read, Write, ReadWrite }

public sealed record TeamtailorSandboxKey(string Value, TeamtailorKeyScope Scope, TeamtailorKeyPermission Permission)
{
    public bool CanRead => Permission is TeamtailorKeyPermission.Read or TeamtailorKeyPermission.ReadWrite;
    public bool CanWrite => Permission is TeamtailorKeyPermission.Write or TeamtailorKeyPermission.ReadWrite;
}

/// <summary>What a test or the console needs to connect to an account: its region and its demo keys.</summary>
public sealed record TeamtailorSandboxAccount(string Id, string Name, string Region, string AdminKey, string ReadOnlyKey, string PublicKey);

/// <summary>A manually configured company webhook, as an admin sets it up in the Teamtailor UI.</summary>
public sealed record TeamtailorSandboxWebhook(Uri Url, string SignatureKey);

internal sealed class TtAccount(string id, string name, string region, string uuid)
{
    public object Sync { get; } = new();
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Region { get; } = region;
    public string Uuid { get; } = uuid;
    public List<TeamtailorSandboxKey> Keys { get; } = [];
    public List<TtJob> Jobs { get; } = [];
    public List<TtCandidate> Candidates { get; } = [];
    public List<TtApplication> Applications { get; } = [];
    public List<TtStage> Stages { get; } = [];
    public SandboxFaults Faults { get; } = new();
    public TeamtailorSandboxWebhook? Webhook { get; set; }

    /// <summary>Every call that passed the key check, as "METHOD /path?query", newest last (capped).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>filter[status]=all is undocumented: an account (API version) that refuses it with 400 can be played.</summary>
    public bool RefusesStatusAll { get; set; }
}

internal sealed class TtJob
{
    public required string Id { get; init; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>open, draft, archived, unlisted, temp.</summary>
    public required string Status { get; set; }
    public required string Department { get; init; }
    public required string DepartmentId { get; init; }
    public required string Location { get; init; }
    public required string LocationId { get; init; }
    public required string City { get; init; }
    public required string Country { get; init; }
    public required string EmploymentType { get; init; }
    public required string RemoteStatus { get; init; }
    public List<string> Tags { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string HumanStatus => Status switch
    {
        "open" => "published",
        "archived" => "archived",
        "unlisted" => "unlisted",
        _ => "draft",
    };
}

internal sealed class TtCandidate
{
    public required string Id { get; init; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Pitch { get; set; }
    public string? LinkedInUrl { get; set; }
    /// <summary>The resume URL as received; downloaded after the create, as the real vendor does.</summary>
    public string? Resume { get; set; }
    /// <summary>The download of <see cref="Resume"/> that Teamtailor makes after the create; null until it ends.</summary>
    public SandboxCvDownload? ResumeDownload { get; set; }
    public string? ReferringSite { get; set; }
    public bool Sourced { get; set; }
    public List<string> Tags { get; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int MergeCount { get; set; }
}

internal sealed class TtApplication
{
    public required string Id { get; init; }
    public required string CandidateId { get; init; }
    public required string JobId { get; init; }
    public required string StageId { get; set; }
    public string? CoverLetter { get; init; }
    public bool Sourced { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ChangedStageAt { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    public string? RejectReason { get; set; }
    public string? RejectReasonId { get; set; }
}

/// <param name="StageType">"Inbox", "In process" or "Hired".</param>
internal sealed record TtStage(string Id, string Name, int RowOrder, string StageType);

/// <summary>What a push stored, for tests to assert on.</summary>
public sealed record TeamtailorStoredCandidate(
    string Id,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    string? LinkedInUrl,
    string? Resume,
    bool Sourced,
    IReadOnlyList<string> Tags,
    int MergeCount,
    IReadOnlyList<TeamtailorStoredApplication> Applications);

public sealed record TeamtailorStoredApplication(string Id, string JobId, string Stage, string? CoverLetter, bool Sourced, DateTimeOffset? RejectedAt, string? RejectReason);
