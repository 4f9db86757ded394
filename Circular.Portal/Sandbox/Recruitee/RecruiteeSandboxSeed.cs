using System.Globalization;

namespace Circular.Portal.Sandbox.Recruitee;

/// <summary>Builds a company as Recruitee sets one up: the default pipeline, default disqualify reasons, a few admins, and offers.</summary>
internal static class RecruiteeSandboxSeed
{
    private static readonly string[] Titles =
    [
        "Backend Engineer", "Frontend Developer", "Data Analyst", "Product Designer", "Customer Success Manager",
        "Account Executive", "DevOps Engineer", "HR Business Partner", "Marketing Manager", "QA Engineer",
        "Financial Controller", "Mobile Developer (iOS)", "Technical Writer", "Sales Development Representative",
        "Head of Operations", "Machine Learning Engineer", "Office Manager", "Support Specialist", "Product Manager",
        "Recruiter", "Site Reliability Engineer", "Content Strategist", "Legal Counsel", "Warehouse Team Lead",
    ];

    private static readonly (string City, string Country, string Location)[] Places =
    [
        ("Amsterdam", "NL", "Amsterdam, Netherlands"), ("Lisbon", "PT", "Lisbon, Portugal"), ("Berlin", "DE", "Berlin, Germany"),
        ("Warsaw", "PL", "Warsaw, Poland"), ("London", "GB", "London, United Kingdom"), ("Madrid", "ES", "Madrid, Spain"),
        ("Rotterdam", "NL", "Rotterdam, Netherlands"), ("Paris", "FR", "Paris, France"), ("Remote", "NL", "Remote (Europe)"),
    ];

    private static readonly string[] Departments = ["Engineering", "Product", "Sales", "Marketing", "People", "Finance", "Operations", "Customer Success"];

    private static readonly string[] Seniority = ["", "Senior ", "Junior ", "Lead "];

    private static readonly string[] EmploymentTypes = ["fulltime", "fulltime", "parttime", "contract", "internship"];

    public static RecruiteeCompanyState Create(RecruiteeSandboxStore store, string name, string subdomain, string token, int jobCount, DateTimeOffset now)
    {
        var company = new RecruiteeCompanyState
        {
            Id = store.NextCompanyId(),
            Subdomain = subdomain,
            Name = name,
            ApiToken = token,
            JobsOnlyToken = token + "-jobsonly",
            PipelineId = store.NextId(),
        };
        company.Admins.Add(new(store.NextId(), "Rita", "Costa", $"rita@{subdomain}.example"));
        company.Admins.Add(new(store.NextId(), "Joost", "de Vries", $"joost@{subdomain}.example"));
        // The default pipeline: three locked entry stages with negative positions, then the hiring steps.
        (string Name, string Category, int Position)[] stages =
        [
            ("Referred", "referred", -3), ("Sourced", "sourced", -2), ("Applied", "apply", -1), ("Phone screen", "phone_screen", 0),
            ("Interview", "interview", 1), ("Evaluation", "evaluation", 2), ("Offer", "offer", 3), ("Hired", "hire", 4),
        ];
        foreach (var (stageName, category, position) in stages)
        {
            company.Stages.Add(new(store.NextId(), stageName, category, position, position < 0));
        }
        string[] reasons = ["Not a good fit", "Lacks required experience", "Salary expectations too high", "Position filled", "Candidate withdrew"];
        for (var i = 0; i < reasons.Length; i++) company.DisqualifyReasons.Add(new(store.NextId(), reasons[i], i));
        for (var i = 0; i < jobCount; i++) company.Offers.Add(Offer(store, company, i, now));
        // Recruitee lists talent pools among the offers (kind "talent_pool"); every company has two, as real ones do.
        foreach (var pool in new[] { "Engineering talent pool", "Open applications" })
        {
            var offer = Offer(store, company, 0, now);
            company.Offers.Add(new RecruiteeOfferState
            {
                Id = store.NextId(), Title = pool, Slug = pool.ToLowerInvariant().Replace(' ', '-'), Status = "published", Kind = "talent_pool",
                Department = offer.Department, DepartmentId = offer.DepartmentId, City = offer.City, Location = offer.Location,
                CountryCode = offer.CountryCode, EmploymentType = "", Description = $"<p>{pool} of {company.Name}.</p>", Requirements = "",
                CreatedAt = offer.CreatedAt, UpdatedAt = offer.UpdatedAt, PublishedAt = offer.PublishedAt,
            });
        }
        return company;
    }

    /// <summary>Seven in ten published, then closed, draft, internal and archived; edited further back the higher the index.</summary>
    private static RecruiteeOfferState Offer(RecruiteeSandboxStore store, RecruiteeCompanyState company, int i, DateTimeOffset now)
    {
        var title = Seniority[i / Titles.Length % Seniority.Length] + Titles[i % Titles.Length];
        var place = Places[i % Places.Length];
        var status = (i % 10) switch { 7 => "closed", 8 => "draft", 9 => i % 20 == 9 ? "archived" : "internal", _ => "published" };
        var updated = Truncate(now - TimeSpan.FromDays(1) - TimeSpan.FromHours(7 * i));
        var created = updated - TimeSpan.FromDays(20 + i % 9);
        var id = store.NextId();
        var slug = title.ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal).Replace("(", "", StringComparison.Ordinal)
            .Replace(")", "", StringComparison.Ordinal) + "-" + id.ToString(CultureInfo.InvariantCulture)[^3..];
        var department = Departments[i % Departments.Length];
        return new RecruiteeOfferState
        {
            Id = id,
            Title = title,
            Slug = slug,
            Status = status,
            Department = department,
            DepartmentId = 880 + i % Departments.Length,
            City = place.City,
            Location = place.Location,
            CountryCode = place.Country,
            EmploymentType = EmploymentTypes[i % EmploymentTypes.Length],
            Description = $"<p>{company.Name} is looking for a <strong>{title}</strong> to join the {department} team in {place.City}.</p>"
                + "<ul><li>Own your work end to end</li><li>Work with a friendly, international team</li></ul>",
            Requirements = "<ul><li>Relevant experience in a similar role</li><li>Fluent English</li></ul>",
            CreatedAt = created,
            UpdatedAt = updated,
            PublishedAt = status == "draft" ? null : created + TimeSpan.FromDays(1),
            ClosedAt = status is "closed" or "archived" ? updated : null,
        };
    }

    /// <summary>Recruitee timestamps carry microseconds; trimming keeps what we store equal to what we serve.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
}
