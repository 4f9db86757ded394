namespace Circular.Portal.Sandbox.Lever;

/// <summary>One Lever account (a customer's production or sandbox org). Everything below is guarded by <see cref="Lock"/>.</summary>
internal sealed class LeverSandboxAccountState(string id, string name, string site, string environment)
{
    public object Lock { get; } = new();
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Site { get; } = site;
    public string Environment { get; } = environment;
    public SandboxFaults Faults { get; } = new();
    public List<LeverSandboxUser> Users { get; } = [];
    public List<LeverSandboxPosting> Postings { get; } = [];
    public List<LeverSandboxOpportunity> Opportunities { get; } = [];
    public List<LeverSandboxWebhook> Webhooks { get; } = [];
    public List<LeverSentWebhook> Sent { get; } = [];
}

internal sealed record LeverSandboxUser(string Id, string Name, string Email, string AccessRole, long CreatedAt);

internal sealed class LeverSandboxPosting
{
    public required string Id { get; init; }
    public required string Text { get; set; }
    public required string State { get; set; }
    /// <summary>Lever's "confidential" or "non-confidential".</summary>
    public string Confidentiality { get; set; } = "non-confidential";
    public required string Team { get; init; }
    public required string Department { get; init; }
    public required string Location { get; init; }
    public required string Commitment { get; init; }
    public required string Country { get; init; }
    public required string WorkplaceType { get; init; }
    public required string DescriptionHtml { get; init; }
    public required IReadOnlyList<(string Text, string Content)> Lists { get; init; }
    public required string OwnerId { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; set; }
}

internal sealed class LeverSandboxOpportunity
{
    public required string Id { get; init; }
    public required string ContactId { get; init; }
    public required string Name { get; set; }
    public string? Headline { get; set; }
    public string? Location { get; set; }
    public List<string> Emails { get; } = [];
    public List<(string Type, string Value)> Phones { get; } = [];
    public List<string> Links { get; } = [];
    public List<string> Tags { get; } = [];
    public List<string> Sources { get; } = [];
    public required string Origin { get; init; }
    public string? PostingId { get; init; }
    public string? ApplicationId { get; init; }
    public required string StageId { get; set; }
    public List<(string StageId, int Index, string UserId, long At)> StageChanges { get; } = [];
    public string? ArchiveReasonId { get; set; }
    public long? ArchivedAt { get; set; }
    public required string OwnerId { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; set; }
    public long LastAdvancedAt { get; set; }
    public List<LeverSandboxFile> Files { get; } = [];
    public List<(string Id, string Value, string UserId, long At)> Notes { get; } = [];
}

/// <param name="Kind">"resume" for resumeFile on create, "file" for files[] or the files endpoint.</param>
internal sealed record LeverSandboxFile(string Id, string Kind, string Name, string ContentType, long Size, string Sha256, long UploadedAt);

internal sealed record LeverSandboxWebhook(string Id, string Event, string Url, string SignatureToken, long CreatedAt);

/// <summary>A delivery as the emulator signed and queued it, kept so tests can check the provider accepts the real thing.</summary>
public sealed record LeverSentWebhook(string Event, string Url, byte[] Body);

/// <summary>Lever's pipeline stages and archive reasons, the same in every emulated account.</summary>
internal static class LeverSandboxCatalogue
{
    public static readonly IReadOnlyList<(string Id, string Text)> Stages =
    [
        ("lead-new", "New lead"),
        ("lead-reached-out", "Reached out"),
        ("lead-responded", "Responded"),
        ("applicant-new", "New applicant"),
        ("b0072803-e9e5-403f-b028-0856a1c7e001", "Recruiter screen"),
        ("f1a0cadd-9eff-4ecc-9edc-ff24d04f0002", "Phone interview"),
        ("2ca03d97-d4f2-4a97-89de-96c8b0d00003", "On-site interview"),
        ("offer", "Offer"),
    ];

    public static readonly IReadOnlyList<(string Id, string Text, string Type)> ArchiveReasons =
    [
        ("63dd55b2-1a0e-4c1f-8d2b-5e6f7a8b0001", "Underqualified", "non-hired"),
        ("63dd55b2-1a0e-4c1f-8d2b-5e6f7a8b0002", "Withdrew", "non-hired"),
        ("63dd55b2-1a0e-4c1f-8d2b-5e6f7a8b0003", "Position filled", "non-hired"),
        ("16308515-3c2d-4e5f-9a6b-7c8d9e0f0004", "Hired", "hired"),
    ];

    public static int StageIndex(string stageId)
    {
        for (var i = 0; i < Stages.Count; i++) if (Stages[i].Id == stageId) return i;
        return 0;
    }

    public static string StageText(string stageId) => Stages.FirstOrDefault(s => s.Id == stageId).Text ?? stageId;

    public static (string Id, string Text, string Type)? Reason(string? id) =>
        ArchiveReasons.Any(r => r.Id == id) ? ArchiveReasons.First(r => r.Id == id) : null;
}
