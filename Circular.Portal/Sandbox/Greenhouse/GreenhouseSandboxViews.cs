namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>How to reach an organization made by <see cref="GreenhouseEmulator.AddAccount"/> (demo values, not secrets).</summary>
public sealed record GreenhouseSandboxCredentials(string AccountId, string AccessToken, string RefreshToken, string ClientId, string ClientSecret);

/// <summary>A candidate as Greenhouse stored it, for tests and the console.</summary>
public sealed record GreenhouseStoredCandidate(
    string Id,
    string FirstName,
    string LastName,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> SocialMedia,
    IReadOnlyList<string> Tags,
    IReadOnlyList<GreenhouseStoredApplication> Applications,
    IReadOnlyList<string> Notes);

public sealed record GreenhouseStoredApplication(
    string Id,
    string JobId,
    string? Source,
    string Status,
    string? Stage,
    string? RejectionReason,
    IReadOnlyList<GreenhouseStoredAttachment> Attachments);

/// <param name="ContentBytes">Decoded size of base64 content; 0 when a URL was sent instead (recorded, never fetched).</param>
public sealed record GreenhouseStoredAttachment(string Filename, string Type, string? ContentType, int ContentBytes, string? SourceUrl);

internal static class GreenhouseSandboxStored
{
    /// <summary>Call under the account's gate.</summary>
    public static GreenhouseStoredCandidate Of(GreenhouseSandboxAccount a, HvCandidate c) => new(
        Id(c.Id), c.FirstName, c.LastName,
        c.EmailAddresses.Select(e => e.Value).ToList(), c.PhoneNumbers.Select(p => p.Value).ToList(),
        c.SocialMediaAddresses.Select(s => s.Value).ToList(), c.Tags.ToList(),
        a.Applications.Values.Where(p => p.CandidateId == c.Id).OrderBy(p => p.Id).Select(p => new GreenhouseStoredApplication(
            Id(p.Id), p.JobId is { } j ? Id(j) : "",
            p.SourceId is { } s && a.Sources.TryGetValue(s, out var source) ? source.Name : null,
            p.Status, p.StageName,
            p.RejectionReasonId is { } r && a.RejectionReasons.TryGetValue(r, out var reason) ? reason.Name : null,
            a.Attachments.Values.Where(t => t.ApplicationId == p.Id).OrderBy(t => t.Id)
                .Select(t => new GreenhouseStoredAttachment(t.Filename, t.Type, t.ContentType, t.ContentBytes, t.SourceUrl)).ToList())).ToList(),
        a.Notes.Values.Where(n => n.CandidateId == c.Id).OrderBy(n => n.Id).Select(n => n.Body).ToList());

    public static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
