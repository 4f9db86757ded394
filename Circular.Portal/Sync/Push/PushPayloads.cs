using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;

namespace Circular.Portal.Sync.Push;

/// <summary>Builds what a provider is given for one application: contact details, the CV (bytes and a signed link), the note.</summary>
public sealed class PushPayloads(CvStore store, CvLinks links)
{
    /// <summary>How long a CV link handed to a vendor stays valid: vendors fetch asynchronously, sometimes minutes later.</summary>
    public static readonly TimeSpan CvLinkLifetime = TimeSpan.FromHours(24);

    /// <param name="application">With <see cref="Application.Candidate"/> and <see cref="Application.Job"/> loaded.</param>
    /// <param name="withContent">Read the CV bytes (a real push) or only describe the CV (a dry run).</param>
    /// <param name="pushId">Named in the CV link so its fetch is logged on this push's timeline.</param>
    public async Task<AtsCandidatePush> BuildAsync(PortalDbContext db, Application application, string jobExternalId, bool withContent, CancellationToken ct, long? pushId = null)
    {
        _ = db;
        var candidate = application.Candidate ?? throw new InvalidOperationException("Load the candidate first.");
        AtsCvFile? cv = null;
        if (candidate.Cv is { } file)
        {
            var content = Array.Empty<byte>();
            if (withContent)
            {
                await using var stream = store.OpenRead(file)
                    ?? throw new InvalidOperationException($"The CV of candidate {candidate.Id} is missing from storage.");
                using var buffer = new MemoryStream((int)Math.Min(file.SizeBytes, CvStore.MaxBytes));
                await stream.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            cv = new AtsCvFile(file.FileName, file.ContentType, content, links.CreateUrl(candidate.Id, pushId, CvLinkLifetime));
        }
        return new AtsCandidatePush(
            CandidatePush.MarkerFor(application.Id),
            jobExternalId,
            candidate.FirstName,
            candidate.LastName,
            candidate.Email,
            candidate.Phone,
            candidate.LinkedInUrl,
            cv,
            Note(application));
    }

    public static string Note(Application application) =>
        $"Sent by Circular: {application.Candidate?.FullName} accepted an interview for \"{application.Job?.Title}\" on {application.StageChangedAt:yyyy-MM-dd}.";
}
