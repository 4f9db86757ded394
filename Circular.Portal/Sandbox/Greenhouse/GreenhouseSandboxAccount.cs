using System.Globalization;

namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>One Greenhouse organization held in memory. Every read and write takes <see cref="Gate"/>.</summary>
internal sealed class GreenhouseSandboxAccount(long organizationId, string name, string slug)
{
    private static long _lastId = 4_000_000;

    /// <summary>Ids are unique across accounts and rise with creation, so "id descending" is "newest first", as in Greenhouse.</summary>
    public static long NextId() => Interlocked.Increment(ref _lastId);

    public object Gate { get; } = new();

    public long OrganizationId { get; } = organizationId;

    public string Id { get; } = organizationId.ToString(CultureInfo.InvariantCulture);

    public string Name { get; } = name;

    /// <summary>Used in public URLs and demo e-mail addresses.</summary>
    public string Slug { get; } = slug;

    public SandboxFaults Faults { get; } = new();

    /// <summary>Requests per 30 s window; 75 is the only value seen on real accounts.</summary>
    public int RateLimit { get; set; } = 75;

    /// <summary>Scopes Partner Support removed: enforced at once, even for live tokens.</summary>
    public HashSet<string> RemovedScopes { get; } = [];

    public List<HvUser> Users { get; } = [];
    public Dictionary<long, HvDepartment> Departments { get; } = [];
    public Dictionary<long, HvOffice> Offices { get; } = [];
    public Dictionary<long, HvJob> Jobs { get; } = [];
    public Dictionary<long, HvJobPost> JobPosts { get; } = [];
    public Dictionary<long, List<HvStage>> Stages { get; } = [];
    public Dictionary<long, HvCandidate> Candidates { get; } = [];
    public Dictionary<long, HvApplication> Applications { get; } = [];
    public Dictionary<long, HvAttachment> Attachments { get; } = [];
    public Dictionary<long, HvTag> Tags { get; } = [];
    public Dictionary<long, HvAppliedTag> AppliedTags { get; } = [];
    public Dictionary<long, HvSource> Sources { get; } = [];
    public Dictionary<long, HvRejectionReason> RejectionReasons { get; } = [];
    public Dictionary<long, HvRejectionDetail> RejectionDetails { get; } = [];
    public Dictionary<long, HvNote> Notes { get; } = [];

    /// <summary>Webhooks an admin pasted into Dev Center: URL and secret key (Greenhouse has no API for them).</summary>
    public List<(Uri Url, string Secret)> Webhooks { get; } = [];

    public HvUser DemoUser => Users[0];

    /// <summary>Finds a tag by its exact (case-sensitive) name, creating it as Greenhouse does for names sent on a candidate.</summary>
    public HvTag TagNamed(string tagName, DateTimeOffset now)
    {
        var tag = Tags.Values.FirstOrDefault(t => t.Name == tagName);
        if (tag is not null) return tag;
        tag = new HvTag(NextId(), tagName, now, now);
        Tags[tag.Id] = tag;
        return tag;
    }

    public HvStage? FirstStage(long? jobId) => jobId is { } id && Stages.TryGetValue(id, out var stages) ? stages[0] : null;
}
