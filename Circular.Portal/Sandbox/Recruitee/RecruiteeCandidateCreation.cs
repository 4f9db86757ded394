using System.Text.Json.Nodes;
using static Circular.Portal.Sandbox.Recruitee.RecruiteeSandboxRequest;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>
/// POST /candidates as Recruitee does it: the candidate lands in each offer's entry stage ("Applied"), no email is sent,
/// a person with the same email is not merged but listed in <c>duplicates</c>, and remote_cv_url is fetched in the background, as Recruitee downloads it.
/// </summary>
internal static class RecruiteeCandidateCreation
{
    public static IResult Create(RecruiteeCompanyState state, RecruiteeSandboxStore store, DateTimeOffset now, JsonObject body, List<long> offerIds)
    {
        if (body["candidate"] is not JsonObject fields) return RecruiteeWire.Error(422, "blank", "Candidate can't be blank");
        if (Text(fields, "name") is not { } name) return RecruiteeWire.Error(422, "blank", "Name can't be blank");
        var cv = Text(fields, "remote_cv_url");
        if (cv is not null && !IsRemoteUrl(cv)) return RecruiteeWire.Error(422, "invalid", "Remote cv url is invalid");
        if (offerIds.FirstOrDefault(id => state.Offer(id) is null) is var missing and not 0)
        {
            return RecruiteeWire.Error(422, "invalid", $"Offer {missing} not found");
        }

        var candidate = new RecruiteeCandidateState
        {
            Id = store.NextId(),
            Name = name,
            Emails = Strings(fields, "emails", "email") ?? [],
            Phones = Strings(fields, "phones", "phone") ?? [],
            SocialLinks = Strings(fields, "social_links") ?? [],
            Links = Strings(fields, "links") ?? [],
            Sources = Strings(fields, "sources") ?? [],
            Tags = Strings(fields, "tags") ?? [],
            CoverLetter = Text(fields, "cover_letter"),
            RemoteCvUrl = cv,
            AdminId = state.Admins[0].Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var offerId in offerIds)
        {
            candidate.Placements.Add(new RecruiteePlacementState
            {
                Id = store.NextId(), CandidateId = candidate.Id, OfferId = offerId, StageId = state.EntryStage.Id, CreatedAt = now, UpdatedAt = now,
            });
        }
        var duplicates = state.Candidates.Values
            .Where(other => other.Emails.Intersect(candidate.Emails, StringComparer.OrdinalIgnoreCase).Any())
            .Select(other => new WireDuplicate(other.Id, other.Name, [.. other.Emails]))
            .ToList();
        state.Candidates[candidate.Id] = candidate;
        store.FetchCv(candidate, cv);
        return RecruiteeWire.Ok(new
        {
            candidate = RecruiteeWire.Candidate(state, candidate, duplicates),
            references = RecruiteeWire.References(state, [candidate]),
        }, 201);
    }

    /// <summary>Recruitee downloads the CV itself, so it rejects relative paths and anything but http(s).</summary>
    public static bool IsRemoteUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
