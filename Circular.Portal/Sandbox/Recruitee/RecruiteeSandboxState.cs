using System.Collections.Concurrent;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>All sandbox companies, looked up by id, subdomain or token. Ids are unique across companies, as at Recruitee.</summary>
internal sealed class RecruiteeSandboxStore
{
    private readonly ConcurrentDictionary<string, RecruiteeCompanyState> _byRef = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (RecruiteeCompanyState Company, bool JobsOnly)> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecruiteeCompanyState> _all = new();
    private long _nextId = 7_100_000;
    private long _nextCompanyId = 104_280;

    public IEnumerable<RecruiteeCompanyState> All => _all;

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Downloads remote_cv_url links as Recruitee does; set by the emulator.</summary>
    public SandboxCvFetcher? Cvs { get; set; }

    /// <summary>Recruitee fetches a candidate's remote CV after accepting the link.</summary>
    public void FetchCv(RecruiteeCandidateState candidate, string? url)
    {
        if (url is null || Cvs is null) return;
        Cvs.FetchLater(url, download => candidate.CvDownload = download);
    }

    public long NextCompanyId() => Interlocked.Increment(ref _nextCompanyId);

    public void Add(RecruiteeCompanyState company)
    {
        _byRef[company.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = company;
        _byRef[company.Subdomain] = company;
        _byToken[company.ApiToken] = (company, false);
        _byToken[company.JobsOnlyToken] = (company, true);
        _all.Enqueue(company);
    }

    /// <summary>The company path segment: Recruitee accepts the numeric id or the subdomain.</summary>
    public RecruiteeCompanyState? Find(string companyRef) => _byRef.GetValueOrDefault(companyRef);

    public (RecruiteeCompanyState Company, bool JobsOnly)? ByToken(string token) =>
        _byToken.TryGetValue(token, out var found) ? found : null;
}

/// <summary>One Recruitee company. Everything below <see cref="Sync"/> is read and written under that lock.</summary>
internal sealed class RecruiteeCompanyState
{
    public required long Id { get; init; }
    public required string Subdomain { get; init; }
    public required string Name { get; init; }
    public required string ApiToken { get; init; }

    /// <summary>A token of a user whose role sees jobs but not candidates, to show a missing permission.</summary>
    public required string JobsOnlyToken { get; init; }

    public object Sync { get; } = new();
    public SandboxFaults Faults { get; } = new();
    public List<RecruiteeAdminState> Admins { get; } = [];
    public List<RecruiteeStageState> Stages { get; } = [];
    public long PipelineId { get; set; }
    public List<RecruiteeOfferState> Offers { get; } = [];
    public SortedDictionary<long, RecruiteeCandidateState> Candidates { get; } = [];
    public List<RecruiteeReasonState> DisqualifyReasons { get; } = [];
    public RecruiteeWebhookSubscription? Webhook { get; set; }

    public RecruiteeStageState EntryStage => Stages.First(s => s.Category == "apply");

    public RecruiteeStageState Stage(long id) => Stages.First(s => s.Id == id);

    public RecruiteeOfferState? Offer(long id) => Offers.FirstOrDefault(o => o.Id == id);

    public RecruiteePlacementState? Placement(long id) =>
        Candidates.Values.SelectMany(c => c.Placements).FirstOrDefault(p => p.Id == id);
}

internal sealed record RecruiteeAdminState(long Id, string FirstName, string LastName, string Email);

internal sealed record RecruiteeStageState(long Id, string Name, string Category, int Position, bool Locked);

internal sealed record RecruiteeReasonState(long Id, string Name, int Position);

internal sealed record RecruiteeNoteState(long Id, string Body, long AdminId, DateTimeOffset CreatedAt);

/// <summary>The webhook an admin pasted into Recruitee's settings: where to POST and the secret to sign with.</summary>
public sealed record RecruiteeWebhookSubscription(Uri Url, string Secret);

internal sealed class RecruiteeOfferState
{
    public required long Id { get; init; }
    public required string Title { get; set; }
    public required string Slug { get; init; }
    public required string Status { get; set; }
    /// <summary>"job", or "talent_pool": Recruitee lists talent pools among the offers.</summary>
    public string Kind { get; init; } = "job";
    public required string Department { get; init; }
    public required long DepartmentId { get; init; }
    public required string City { get; init; }
    public required string Location { get; init; }
    public required string CountryCode { get; init; }
    public required string EmploymentType { get; init; }
    public required string Description { get; init; }
    public required string Requirements { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

internal sealed class RecruiteeCandidateState
{
    public required long Id { get; init; }
    public required string Name { get; set; }
    public List<string> Emails { get; set; } = [];
    public List<string> Phones { get; set; } = [];
    public List<string> SocialLinks { get; set; } = [];
    public List<string> Links { get; set; } = [];
    public List<string> Sources { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    public string? CoverLetter { get; set; }

    /// <summary>Recorded as received; the sandbox never fetches it.</summary>
    public string? RemoteCvUrl { get; set; }
    /// <summary>The download of <see cref="RemoteCvUrl"/> that Recruitee makes itself; null until it ends.</summary>
    public SandboxCvDownload? CvDownload { get; set; }

    public required long AdminId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public List<RecruiteePlacementState> Placements { get; } = [];
    public List<RecruiteeNoteState> Notes { get; } = [];
}

internal sealed class RecruiteePlacementState
{
    public required long Id { get; init; }
    public required long CandidateId { get; init; }
    public required long OfferId { get; init; }
    public required long StageId { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? HiredAt { get; set; }
    public long? HiredById { get; set; }
    public DateTimeOffset? DisqualifiedAt { get; set; }
    public RecruiteeReasonState? DisqualifyReason { get; set; }
}
