namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>Realistic demo data: jobs spread over departments, cities and the three states the portal cares about.</summary>
internal static class TeamtailorSandboxSeed
{
    private static readonly string[] Titles =
    [
        "Backend Engineer (.NET)", "Senior Frontend Developer", "Product Designer", "Data Analyst", "Account Executive",
        "Customer Success Manager", "DevOps Engineer", "Head of Marketing", "Content Marketing Specialist", "HR Business Partner",
        "Financial Controller", "Warehouse Team Lead", "Store Manager", "Sales Development Representative", "QA Engineer",
        "Machine Learning Engineer", "Office Coordinator", "Talent Acquisition Partner", "Mobile Developer (iOS)", "Legal Counsel",
    ];

    private static readonly (string Department, string Id)[] Departments =
    [
        ("Engineering", "301"), ("Design", "302"), ("Sales", "303"), ("Marketing", "304"), ("People", "305"), ("Finance", "306"), ("Operations", "307"),
    ];

    private static readonly (string Name, string City, string Country, string Id)[] Locations =
    [
        ("Stockholm HQ", "Stockholm", "Sweden", "501"), ("Lisbon Office", "Lisbon", "Portugal", "502"), ("Berlin Office", "Berlin", "Germany", "503"),
        ("Amsterdam Office", "Amsterdam", "Netherlands", "504"), ("Remote (EU)", "Remote", "Europe", "505"),
    ];

    private static readonly string[] EmploymentTypes = ["fulltime", "fulltime", "parttime", "temporary", "contract"];
    private static readonly string[] RemoteStatuses = ["none", "hybrid", "fully", "temporary"];

    public static IEnumerable<TtJob> Jobs(Func<string> nextId, int count, DateTimeOffset now)
    {
        for (var i = 0; i < count; i++)
        {
            var department = Departments[i % Departments.Length];
            var location = Locations[i / 3 % Locations.Length];
            var title = Titles[i % Titles.Length];
            // Every seventh job a draft and every fifth archived, so listings always show all three states.
            var status = i % 7 == 6 ? "draft" : i % 5 == 4 ? "archived" : "open";
            var created = now.AddDays(-90 + i % 60).AddHours(-i);
            yield return new TtJob
            {
                Id = nextId(),
                Title = i < Titles.Length ? title : $"{title} {i / Titles.Length + 1}",
                Body = $"<p>Join our {department.Department} team in {location.City}.</p><ul><li>Meaningful work</li><li>Great colleagues</li></ul>",
                Status = status,
                Department = department.Department,
                DepartmentId = department.Id,
                Location = location.Name,
                LocationId = location.Id,
                City = location.City,
                Country = location.Country,
                EmploymentType = EmploymentTypes[i % EmploymentTypes.Length],
                RemoteStatus = RemoteStatuses[i % RemoteStatuses.Length],
                Tags = i % 4 == 0 ? ["priority"] : [],
                CreatedAt = created,
                // Updated well in the past, so a test that touches a job sees only that one in an incremental listing.
                UpdatedAt = created.AddDays(2),
            };
        }
    }

    public static IEnumerable<TtStage> Stages(Func<string> nextId) =>
    [
        new(nextId(), "Inbox", 0, "Inbox"),
        new(nextId(), "Screening", 1, "In process"),
        new(nextId(), "Interview", 2, "In process"),
        new(nextId(), "Offer", 3, "In process"),
        new(nextId(), "Hired", 4, "Hired"),
    ];

    /// <summary>Reasons a recruiter picks from when rejecting in the console, in turn.</summary>
    public static readonly (string Id, string Reason)[] RejectReasons =
    [
        ("81", "Lacking desired qualifications"), ("82", "Not a fit for the role"), ("83", "Position filled"),
    ];
}
