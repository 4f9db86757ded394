using System.Security.Cryptography;
using System.Text;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>Realistic, deterministic demo data: jobs in every state across several pages, a small team.</summary>
internal static class WorkableSandboxSeed
{
    private static readonly (string Title, string Department, string Code)[] Roles =
    [
        ("Backend Engineer", "Engineering", "ENG"), ("Senior Frontend Developer", "Engineering", "ENG"),
        ("Product Designer", "Design", "DES"), ("Data Analyst", "Data", "DAT"),
        ("DevOps Engineer", "Engineering", "ENG"), ("Account Executive", "Sales", "SAL"),
        ("Customer Success Manager", "Customer Success", "CS"), ("Marketing Manager", "Marketing", "MKT"),
        ("HR Business Partner", "People", "PPL"), ("Finance Controller", "Finance", "FIN"),
        ("QA Engineer", "Engineering", "ENG"), ("iOS Developer", "Engineering", "ENG"),
        ("Sales Development Representative", "Sales", "SAL"), ("Technical Writer", "Product", "PRD"),
        ("Site Reliability Engineer", "Engineering", "ENG"), ("Product Manager", "Product", "PRD"),
        ("Office Manager", "Operations", "OPS"), ("Talent Acquisition Specialist", "People", "PPL"),
        ("Legal Counsel", "Legal", "LEG"), ("Data Engineer", "Data", "DAT"),
        ("Machine Learning Engineer", "Data", "DAT"), ("Support Specialist", "Customer Success", "CS"),
        ("Content Strategist", "Marketing", "MKT"), ("Engineering Manager", "Engineering", "ENG"),
    ];

    private static readonly (string City, string? Region, string Country, string CountryCode)[] Places =
    [
        ("Lisbon", "Lisbon", "Portugal", "PT"), ("Berlin", "Berlin", "Germany", "DE"), ("London", "England", "United Kingdom", "GB"),
        ("Amsterdam", "North Holland", "Netherlands", "NL"), ("Madrid", "Madrid", "Spain", "ES"), ("Paris", "Île-de-France", "France", "FR"),
        ("Dublin", "Leinster", "Ireland", "IE"), ("New York", "New York", "United States", "US"),
    ];

    private static readonly string[] WorkplaceTypes = ["on_site", "hybrid", "remote", "hybrid"];
    private static readonly string[] EmploymentTypes = ["Full-time", "Full-time", "Part-time", "Contract"];
    private static readonly DateTimeOffset Epoch = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<WorkableMemberState> Team =
    [
        new("1f395d", "Maria Costa", "maria.costa@example.com", "admin", true),
        new("2a4c7e", "Jonas Weber", "jonas.weber@example.com", "simple", true),
        new("3b8d1f", "Priya Nair", "priya.nair@example.com", "reviewer", true),
        new("4c0e2a", "Tom Ellis", "tom.ellis@example.com", "simple", false),
    ];

    /// <summary>States cycle so that any 10 consecutive jobs hold 6 published, 2 closed (used internally), 1 draft and 1 archived.</summary>
    public static WorkableJobState Job(WorkableAccountState account, int index)
    {
        var role = Roles[index % Roles.Length];
        var place = Places[(index * 3 + 1) % Places.Length];
        var state = (index % 10) switch { < 6 => "published", 6 or 7 => "closed", 8 => "draft", _ => "archived" };
        var created = Epoch.AddDays(index).AddHours(index % 7);
        var number = 0x5b5c00L + index;
        return new WorkableJobState
        {
            Number = number,
            Shortcode = Shortcode(account.Subdomain, number),
            Title = role.Title,
            Code = $"{role.Code}/{index + 1:00}",
            State = state,
            Department = role.Department,
            EmploymentType = EmploymentTypes[index % EmploymentTypes.Length],
            City = place.City,
            Region = place.Region,
            Country = place.Country,
            CountryCode = place.CountryCode,
            WorkplaceType = WorkplaceTypes[index % WorkplaceTypes.Length],
            Description = $"<p>{account.Name} is looking for a {role.Title} to join the {role.Department} team in {place.City}.</p>",
            Requirements = "<ul><li>Three or more years in a similar role</li><li>Fluent English</li></ul>",
            Benefits = "<ul><li>Flexible hours</li><li>Learning budget</li><li>25 days of paid leave</li></ul>",
            CreatedAt = created,
            UpdatedAt = created.AddDays(index % 5),
        };
    }

    /// <summary>Ten uppercase hex characters, like Workable's shortcodes, stable per account and job.</summary>
    public static string Shortcode(string subdomain, long number) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{subdomain}/{number}")))[..10];

    public static void AddDemoCandidates(WorkableAccountState account)
    {
        var job = account.Jobs[0];
        (string First, string Last, string Stage, string Domain)[] people =
        [
            ("Elena", "Marques", "interview", "linkedin.com"),
            ("Daniel", "Okafor", "applied", "indeed.com"),
            ("Sofia", "Lindqvist", "assessment", "careers page"),
        ];
        foreach (var (first, last, stage, domain) in people)
        {
            var created = job.CreatedAt.AddDays(2 + account.NextCandidate);
            account.Candidates.Add(new WorkableCandidateState
            {
                Number = 0x27270000L + account.NextCandidate++,
                Job = job,
                Firstname = first,
                Lastname = last,
                Email = $"{first}.{last}@example.org".ToLowerInvariant(),
                Domain = domain,
                StageSlug = stage,
                CreatedAt = created,
                UpdatedAt = created.AddDays(1),
            });
        }
    }
}
