using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox.Workable;

// Mutable state of one emulated Workable account. Every read and write of an account happens under lock (account).

internal sealed record WorkableStage(string Slug, string Name, string Kind);

internal sealed record WorkableReason(string Id, string Description, bool CandidateWithdrew);

internal sealed record WorkableMemberState(string Id, string Name, string Email, string Role, bool Active);

internal static class WorkableScopes
{
    public const string ReadJobs = "r_jobs";
    public const string ReadCandidates = "r_candidates";
    public const string WriteCandidates = "w_candidates";
    public static readonly IReadOnlyList<string> All = [ReadJobs, ReadCandidates, WriteCandidates];
}

internal static class WorkablePipeline
{
    // The stage name is what list views put in "stage" (as recorded from a real account); stage_kind is the kind.
    public static readonly IReadOnlyList<WorkableStage> Stages =
    [
        new("sourced", "Sourced", "sourced"),
        new("applied", "Applied", "applied"),
        new("phone-screen", "Phone Screen", "phone-screen"),
        new("assessment", "Assessment", "assessment"),
        new("interview", "Interview", "interview"),
        new("offer", "Offer", "offer"),
        new("hired", "Hired", "hired"),
    ];

    public static readonly IReadOnlyList<WorkableReason> Reasons =
    [
        new("a1c2d3", "Not a good fit for the role", false),
        new("b29c63", "Position filled", false),
        new("c7e8f9", "Candidate withdrew", true),
        new("d4e5f6", "Salary expectations too high", false),
    ];

    public static WorkableStage Stage(string slug) =>
        Stages.FirstOrDefault(s => s.Slug.Equals(slug, StringComparison.OrdinalIgnoreCase)) ?? Stages[0];
}

internal sealed class WorkableAccountState(string subdomain, string name)
{
    public string Subdomain { get; } = subdomain;
    public string Name { get; } = name;
    public Dictionary<string, IReadOnlySet<string>> Tokens { get; } = new(StringComparer.Ordinal);
    public List<WorkableMemberState> Members { get; } = [];
    public List<WorkableJobState> Jobs { get; } = [];
    public List<WorkableCandidateState> Candidates { get; } = [];
    public List<WorkableSubscriptionState> Subscriptions { get; } = [];
    public SandboxFaults Faults { get; } = new();

    /// <summary>Workable documents only X-Rate-Limit-Reset on a 429; Retry-After is unconfirmed, so it can be left out.</summary>
    public bool SendsRetryAfter { get; set; } = true;

    /// <summary>Where this account's API was last reached (e.g. http://localhost:5080/sandbox/workable/acme), for links in webhooks.</summary>
    public string PublicRoot { get; set; } = $"http://localhost:5080/sandbox/workable/{subdomain}";

    /// <summary>The last requests as "GET /spi/v3/jobs?…", for tests to see how many pages were asked for.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int NextJob { get; set; }
    public int NextCandidate { get; set; }
    public int NextSubscription { get; set; } = 104_000;
    public int NextEvent { get; set; }
}

internal sealed class WorkableJobState
{
    public required long Number { get; init; }
    public string Id => Number.ToString("x");
    public required string Shortcode { get; init; }
    public required string Title { get; set; }
    public required string Code { get; init; }
    public required string State { get; set; }
    public string? Department { get; init; }
    public string? EmploymentType { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
    public string? CountryCode { get; init; }
    public string WorkplaceType { get; init; } = "on_site";
    public string? Description { get; init; }
    public string? Requirements { get; init; }
    public string? Benefits { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class WorkableCandidateState
{
    public required long Number { get; init; }
    public string Id => Number.ToString("x");
    public required WorkableJobState Job { get; init; }
    public required string Firstname { get; init; }
    public required string Lastname { get; init; }
    public required string Email { get; init; }
    public string? Headline { get; init; }
    public string? Summary { get; init; }
    public string? Address { get; init; }
    public string? Phone { get; init; }
    public string? CoverLetter { get; init; }
    public string? Domain { get; init; }
    public bool Sourced { get; init; }
    public List<string> Tags { get; init; } = [];
    public List<(string Type, string Url)> SocialProfiles { get; init; } = [];
    public string? ResumeUrlReceived { get; init; }
    public string? ResumeFileName { get; init; }
    public byte[]? ResumeData { get; init; }
    public string StageSlug { get; set; } = "sourced";
    public bool Disqualified { get; set; }
    public bool Withdrew { get; set; }
    public string? DisqualificationReason { get; set; }
    public DateTimeOffset? DisqualifiedAt { get; set; }
    public DateTimeOffset? HiredAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Name => $"{Firstname} {Lastname}".Trim();
}

internal sealed class WorkableSubscriptionState
{
    public required int Id { get; init; }
    public required string Target { get; init; }
    public required string Event { get; init; }
    public string JobShortcode { get; init; } = "";
    public string StageSlug { get; init; } = "";

    /// <summary>Deliveries are signed with the token that made the subscription.</summary>
    public required string SigningToken { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
