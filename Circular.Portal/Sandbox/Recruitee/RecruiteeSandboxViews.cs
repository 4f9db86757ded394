using System.Globalization;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>Snapshots of a company's candidates for the console and for tests; taken under the company lock.</summary>
internal static class RecruiteeSandboxViews
{
    public static SandboxCandidateView Candidate(RecruiteeCompanyState company, RecruiteeCandidateState c)
    {
        var placement = c.Placements.OrderByDescending(p => p.CreatedAt).FirstOrDefault();
        var status = placement switch
        {
            null => "Not assigned",
            { DisqualifiedAt: not null } => $"Disqualified: {placement.DisqualifyReason?.Name}",
            { HiredAt: not null } => "Hired",
            _ => "Active",
        };
        return new SandboxCandidateView(
            Id(c.Id),
            c.Name,
            c.Emails.FirstOrDefault(),
            placement is null ? null : company.Offer(placement.OfferId)?.Title,
            placement is null ? "-" : company.Stage(placement.StageId).Name,
            status,
            [.. c.Tags],
            c.Sources.Count == 0 ? null : string.Join(", ", c.Sources),
            c.SocialLinks.FirstOrDefault(l => l.Contains("linkedin.", StringComparison.OrdinalIgnoreCase)),
            c.RemoteCvUrl,
            c.Notes.LastOrDefault()?.Body)
        {
            CvCount = c.CvDownload?.Succeeded == true ? 1 : 0,
        };
    }

    public static RecruiteeStoredCandidate Stored(RecruiteeCompanyState company, RecruiteeCandidateState c) => new(
        Id(c.Id), c.Name, [.. c.Emails], [.. c.Phones], [.. c.SocialLinks], [.. c.Sources], [.. c.Tags], c.RemoteCvUrl,
        c.Notes.Select(n => n.Body).ToList(),
        c.Placements.Select(p => new RecruiteeStoredPlacement(
            Id(p.Id), Id(p.OfferId), company.Stage(p.StageId).Name, p.HiredAt, p.DisqualifiedAt, p.DisqualifyReason?.Name)).ToList());

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A candidate as the sandbox stored it; <see cref="RemoteCvUrl"/> is the URL as received (never fetched).</summary>
public sealed record RecruiteeStoredCandidate(
    string Id,
    string Name,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> SocialLinks,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Tags,
    string? RemoteCvUrl,
    IReadOnlyList<string> Notes,
    IReadOnlyList<RecruiteeStoredPlacement> Placements);

public sealed record RecruiteeStoredPlacement(
    string Id,
    string OfferId,
    string Stage,
    DateTimeOffset? HiredAt,
    DateTimeOffset? DisqualifiedAt,
    string? DisqualifyReason);
