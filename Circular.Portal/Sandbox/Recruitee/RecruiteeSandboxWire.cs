using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circular.Portal.Sandbox.Recruitee;

// The sandbox's own copy of Recruitee's response shapes (snake_case), written from the API notes, never shared with the provider.

internal sealed record WireOffer(
    long Id, string Guid, string Title, string Slug, string Kind, string Status, string Department, long DepartmentId,
    string Location, string City, string CountryCode, bool Remote, string EmploymentType, int NumberOfOpenings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Requirements, string CareersUrl, string Url, string AdminappUrl,
    int CandidatesCount, int QualifiedCandidatesCount, int DisqualifiedCandidatesCount, int HiredCandidatesCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WirePipeline? PipelineTemplate);

internal sealed record WirePipeline(long Id, string Title, IReadOnlyList<WireStage> Stages);

internal sealed record WireStage(long Id, string Name, string Category, int Position, bool Locked, int PlacementsCount);

internal sealed record WireCandidate(
    long Id, string Name, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, IReadOnlyList<string> SocialLinks,
    IReadOnlyList<string> Links, IReadOnlyList<string> Sources, IReadOnlyList<string> Tags, string Source, string? CoverLetter,
    string? CvUrl, string? CvOriginalUrl, string CvProcessingStatus, IReadOnlyList<WireDuplicate> Duplicates,
    IReadOnlyList<WirePlacement> Placements, string AdminappUrl, long AdminId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset LastActivityAt);

internal sealed record WireDuplicate(long Id, string Name, IReadOnlyList<string> Emails);

internal sealed record WirePlacement(
    long Id, long CandidateId, long OfferId, long StageId, int Position, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? HiredAt, long? HiredById, bool HiredInThisPlacement, DateTimeOffset? JobStartsAt,
    DateTimeOffset? DisqualifiedAt, WireReason? DisqualifyReason);

internal sealed record WireReason(long Id, string Name, int Position);

internal sealed record WireNote(long Id, string Body, WireAdminRef Admin, DateTimeOffset CreatedAt);

internal sealed record WireAdminRef(long Id, string FirstName, string LastName);

internal sealed record WireAdmin(string Type, long Id, string FirstName, string LastName, string Email, string Timezone);

internal sealed record WireStageRef(string Type, long Id, string Name, string Category, int Position, string Group, bool Locked);

internal sealed record WireOfferRef(string Type, long Id, string Title, string Slug, string Status, string Kind, string Guid);

internal sealed record WireSearchHit(long Id, string Name, IReadOnlyList<string>? Emails, DateTimeOffset CreatedAt);

internal sealed record WireError(string Code, string Message);

internal static class RecruiteeWire
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Readable HTML in descriptions, as Recruitee sends it; these bodies are JSON, never embedded in a page.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new MicrosecondTimeConverter() },
    };

    public static IResult Ok(object body, int status = 200) => Results.Json(body, Json, statusCode: status);

    /// <summary>Recruitee's validation shape: <c>{"errors":[{"code","message"}]}</c>.</summary>
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new WireError(code, message) } }, Json, statusCode: status);

    public static WireOffer Offer(RecruiteeCompanyState company, RecruiteeOfferState o, bool brief, bool withPipeline)
    {
        var placements = company.Candidates.Values.SelectMany(c => c.Placements).Where(p => p.OfferId == o.Id).ToList();
        var slugUrl = $"https://{company.Subdomain}.recruitee.com/o/{o.Slug}";
        return new WireOffer(o.Id, Guid(o.Id), o.Title, o.Slug, o.Kind, o.Status, o.Department, o.DepartmentId, o.Location, o.City,
            o.CountryCode, o.City == "Remote", o.EmploymentType, 1, brief ? null : o.Description, brief ? null : o.Requirements,
            slugUrl, slugUrl, AdminUrl(company, "offer", o.Id), placements.Count,
            placements.Count(p => p.DisqualifiedAt is null), placements.Count(p => p.DisqualifiedAt is not null),
            placements.Count(p => p.HiredAt is not null), o.CreatedAt, o.UpdatedAt, o.PublishedAt, o.ClosedAt,
            withPipeline ? new WirePipeline(company.PipelineId, "Default pipeline", company.Stages
                .Select(s => new WireStage(s.Id, s.Name, s.Category, s.Position, s.Locked, placements.Count(p => p.StageId == s.Id))).ToList()) : null);
    }

    public static WireCandidate Candidate(RecruiteeCompanyState company, RecruiteeCandidateState c, IReadOnlyList<WireDuplicate>? duplicates = null) =>
        new(c.Id, c.Name, [.. c.Emails], [.. c.Phones], [.. c.SocialLinks], [.. c.Links], [.. c.Sources], [.. c.Tags], "manual",
            c.CoverLetter, c.RemoteCvUrl, c.RemoteCvUrl, c.RemoteCvUrl is null ? "empty" : "ok", duplicates ?? [],
            c.Placements.Select(Placement).ToList(), AdminUrl(company, "candidate", c.Id), c.AdminId, c.CreatedAt, c.UpdatedAt, c.UpdatedAt);

    public static WirePlacement Placement(RecruiteePlacementState p) =>
        new(p.Id, p.CandidateId, p.OfferId, p.StageId, 0, p.CreatedAt, p.UpdatedAt, p.HiredAt, p.HiredById, p.HiredAt is not null, null,
            p.DisqualifiedAt, p.DisqualifyReason is { } r ? new WireReason(r.Id, r.Name, r.Position) : null);

    public static WireNote Note(RecruiteeCompanyState company, RecruiteeNoteState n)
    {
        var admin = company.Admins.First(a => a.Id == n.AdminId);
        return new WireNote(n.Id, n.Body, new WireAdminRef(admin.Id, admin.FirstName, admin.LastName), n.CreatedAt);
    }

    public static WireAdmin Admin(RecruiteeAdminState a) => new("Admin", a.Id, a.FirstName, a.LastName, a.Email, "Europe/Amsterdam");

    /// <summary>The side-loaded <c>references</c>: the offers and stages the candidates' placements point at, and the admins.</summary>
    public static List<object> References(RecruiteeCompanyState company, IEnumerable<RecruiteeCandidateState> candidates)
    {
        var placements = candidates.SelectMany(c => c.Placements).ToList();
        var refs = new List<object>();
        foreach (var offer in company.Offers.Where(o => placements.Any(p => p.OfferId == o.Id)))
        {
            refs.Add(new WireOfferRef("Offer", offer.Id, offer.Title, offer.Slug, offer.Status, offer.Kind, Guid(offer.Id)));
        }
        refs.AddRange(company.Stages.Select(s => new WireStageRef("Stage", s.Id, s.Name, s.Category, s.Position, s.Category, s.Locked)));
        refs.AddRange(company.Admins.Select(Admin));
        return refs;
    }

    private static string Guid(long id) => id.ToString("x", CultureInfo.InvariantCulture);

    private static string AdminUrl(RecruiteeCompanyState company, string kind, long id) =>
        $"https://app.recruitee.com/#/dashboard/overview?{kind}={id}&company={company.Id}";

    private sealed class MicrosecondTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
