using static Circular.Portal.Sandbox.Workable.WorkableWireJson;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>State to wire. Callers hold the account's lock.</summary>
internal static class WorkableSandboxProjection
{
    public static WireJob Job(WorkableAccountState account, WorkableJobState job, bool withDescription, bool detail = false)
    {
        var host = $"https://{account.Subdomain}.workable.com";
        var place = string.Join(", ", new[] { job.City, job.Country }.Where(p => !string.IsNullOrEmpty(p)));
        var location = new WireLocation(
            place.Length == 0 ? null : place, job.Country, job.CountryCode, job.Region, job.Region, job.City, null,
            job.WorkplaceType == "remote", job.WorkplaceType);
        var departments = job.Department is null ? [] : new[] { new WireDepartment(40_000 + job.Department.Length, job.Department) };
        var description = withDescription || detail;
        return new WireJob(
            job.Id, job.Title, $"{job.Title} - {job.Code}", job.Shortcode, job.Code, job.State, false, job.Department, departments,
            $"{host}/jobs/{job.Number}", $"{host}/jobs/{job.Number}/candidates/new", $"https://apply.workable.com/j/{job.Shortcode}",
            job.WorkplaceType, location, Time(job.CreatedAt), Time(job.UpdatedAt),
            EmploymentType: detail ? job.EmploymentType : null,
            Description: description ? job.Description : null,
            FullDescription: description ? job.Description + job.Requirements + job.Benefits : null,
            Requirements: description ? job.Requirements : null,
            Benefits: description ? job.Benefits : null);
    }

    public static WireCandidateSummary Summary(WorkableAccountState account, WorkableCandidateState c)
    {
        var stage = WorkablePipeline.Stage(c.StageSlug);
        return new WireCandidateSummary(
            c.Id, c.Name, c.Firstname, c.Lastname, c.Headline, new WireAccountRef(account.Subdomain, account.Name),
            new WireJobRef(c.Job.Shortcode, c.Job.Title), stage.Name, stage.Kind, c.Disqualified, c.Withdrew, false,
            c.DisqualificationReason, Time(c.HiredAt), null, c.Sourced, ProfileUrl(account, c), c.Address, c.Phone, c.Email,
            c.Domain, c.Sourced ? "SPI" : null, Time(c.CreatedAt), Time(c.UpdatedAt));
    }

    public static WireCandidateDetail Detail(WorkableAccountState account, WorkableCandidateState c, string apiRoot)
    {
        var stage = WorkablePipeline.Stage(c.StageSlug);
        // Workable hosts its own copy of a CV; the emulator serves an uploaded one back and repeats a received link as is.
        var resume = c.ResumeData is not null ? $"{apiRoot}/files/{c.Id}/{Uri.EscapeDataString(c.ResumeFileName ?? "resume.pdf")}" : c.ResumeUrlReceived;
        var profiles = c.SocialProfiles.Select(p => new WireSocialProfile(p.Type, ProfileName(p.Type), p.Url)).ToList();
        return new WireCandidateDetail(
            c.Id, c.Name, c.Firstname, c.Lastname, c.Headline, null, new WireAccountRef(account.Subdomain, account.Name),
            new WireJobRef(c.Job.Shortcode, c.Job.Title), stage.Name, stage.Kind, c.Disqualified, Time(c.DisqualifiedAt), c.Withdrew,
            false, c.DisqualificationReason, Time(c.HiredAt), null, c.Sourced, ProfileUrl(account, c), c.Address, c.Phone, c.Email,
            c.Domain, c.Sourced ? "SPI" : null, Time(c.CreatedAt), Time(c.UpdatedAt), c.CoverLetter, c.Summary, [], [], [], [],
            resume, c.Tags.ToList(), profiles, null);
    }

    public static SandboxCandidateView View(WorkableCandidateState c)
    {
        var status = c.Disqualified
            ? (c.Withdrew ? "Withdrawn" : $"Rejected: {c.DisqualificationReason}")
            : c.HiredAt is not null ? "Hired" : "Active";
        var cv = c.ResumeData is not null
            ? $"{c.ResumeFileName} ({c.ResumeData.Length:N0} bytes, uploaded as base64)"
            : c.ResumeUrlReceived;
        var linkedIn = c.SocialProfiles.FirstOrDefault(p => p.Type.Equals("linkedin", StringComparison.OrdinalIgnoreCase)).Url;
        return new SandboxCandidateView(
            c.Id, c.Name, c.Email, c.Job.Title, WorkablePipeline.Stage(c.StageSlug).Name, status, c.Tags.ToList(), c.Domain,
            linkedIn, cv, c.CoverLetter);
    }

    private static string ProfileUrl(WorkableAccountState account, WorkableCandidateState c) =>
        $"https://{account.Subdomain}.workable.com/backend/jobs/{c.Job.Number}/candidates/{c.Number}";

    private static string ProfileName(string type) => type.ToLowerInvariant() switch
    {
        "linkedin" => "LinkedIn",
        "github" => "GitHub",
        "stackoverflow" => "Stack Overflow",
        _ => char.ToUpperInvariant(type[0]) + type[1..],
    };
}
