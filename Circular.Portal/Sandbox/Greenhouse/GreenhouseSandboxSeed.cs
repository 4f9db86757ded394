namespace Circular.Portal.Sandbox.Greenhouse;

/// <summary>Realistic demo data for an organization: departments, offices, jobs with posts and stages, users, sources, reasons.</summary>
internal static class GreenhouseSandboxSeed
{
    private static readonly string[] DepartmentNames = ["Engineering", "Data", "Product", "Design", "Sales", "Customer Success", "Marketing", "Finance", "People", "Operations"];

    private static readonly (string City, string Location)[] OfficeNames =
    [
        ("Amsterdam", "Amsterdam, Netherlands"), ("Utrecht", "Utrecht, Netherlands"), ("Rotterdam", "Rotterdam, Netherlands"),
        ("Berlin", "Berlin, Germany"), ("London", "London, United Kingdom"), ("Remote", "Remote, Europe"),
    ];

    private static readonly (string Title, int Department)[] Titles =
    [
        ("Senior Backend Engineer (.NET)", 0), ("Frontend Developer (React)", 0), ("DevOps Engineer", 0), ("Data Engineer", 1),
        ("Machine Learning Engineer", 1), ("QA Automation Engineer", 0), ("Engineering Manager", 0), ("iOS Developer", 0),
        ("Product Manager", 2), ("Product Designer", 3), ("UX Researcher", 3), ("Account Executive", 4),
        ("Sales Development Representative", 4), ("Customer Success Manager", 5), ("Support Specialist", 5), ("Marketing Manager", 6),
        ("Content Marketer", 6), ("Financial Controller", 7), ("Payroll Specialist", 7), ("Talent Acquisition Partner", 8),
        ("HR Business Partner", 8), ("Office Manager", 9), ("Logistics Coordinator", 9), ("Solutions Architect", 0),
        ("Security Engineer", 0), ("Business Analyst", 1), ("Legal Counsel", 9), ("Warehouse Team Lead", 9),
    ];

    private static readonly string[] EmploymentTypes = ["Full-time", "Full-time", "Full-time", "Part-time", "Contract", "Full-time", "Internship"];

    private static readonly string[] StageNames = ["Application Review", "Recruiter Phone Screen", "Hiring Manager Interview", "Onsite Interview", "Offer"];

    public static void Populate(GreenhouseSandboxAccount a, int jobCount, DateTimeOffset now)
    {
        var start = now.AddDays(-120);
        a.Users.Add(User(a, "Sandra", "de Wit", siteAdmin: true, start));
        a.Users.Add(User(a, "Jeroen", "Bakker", siteAdmin: false, start));
        a.Users.Add(User(a, "Priya", "Raman", siteAdmin: false, start));
        foreach (var name in DepartmentNames)
        {
            var d = new HvDepartment(GreenhouseSandboxAccount.NextId(), name, null, [], null, start, start);
            a.Departments[d.Id] = d;
        }
        foreach (var (city, location) in OfficeNames)
        {
            var o = new HvOffice(GreenhouseSandboxAccount.NextId(), city, new HvLocation(location), null, [], null, start, start);
            a.Offices[o.Id] = o;
        }
        var departments = a.Departments.Values.ToList();
        var offices = a.Offices.Values.ToList();
        for (var i = 0; i < jobCount; i++)
        {
            var (title, department) = Titles[i % Titles.Length];
            var office = offices[(i * 7 + i / Titles.Length) % offices.Count];
            AddJob(a, i, i < Titles.Length ? title : $"{title} ({office.Name})", departments[department], office, start, now.AddDays(-1).AddHours(-3 * (jobCount - i)));
        }
        AddSource(a, "Circular", 3, "Third-party boards", start);
        AddSource(a, "LinkedIn (Prospecting)", 2, "Prospecting", start);
        AddSource(a, "Jobs page on your website", 1, "Company marketing", start);
        AddSource(a, "Referral", 4, "Referrals", start);
        AddSource(a, "Indeed", 3, "Third-party boards", start);
        AddReason(a, "Lacking skill(s)/qualification(s)", 1, "WE_REJECTED_THEM", "We rejected them", start);
        AddReason(a, "Hired another candidate", 1, "WE_REJECTED_THEM", "We rejected them", start);
        AddReason(a, "Accepted another offer", 2, "THEY_REJECTED_US", "They rejected us", start);
        AddReason(a, "Other", 3, "NONE_SPECIFIED", "None specified", start);
        a.TagNamed("Silver medalist", start);
        a.TagNamed("Referral", start);
    }

    private static void AddJob(GreenhouseSandboxAccount a, int i, string title, HvDepartment department, HvOffice office, DateTimeOffset start, DateTimeOffset updated)
    {
        var status = i % 9 == 4 ? "closed" : i % 11 == 7 ? "draft" : "open";
        var created = start.AddDays(i % 30);
        var job = new HvJob(
            GreenhouseSandboxAccount.NextId(), title, $"REQ-2026-{100 + i:000}", status, false, false, null, department.Id, [office.Id],
            $"<p>{office.Location.Name}; hiring manager in {department.Name}.</p>",
            status == "draft" ? null : created.AddDays(1), status == "closed" ? updated : null, created, updated,
            new Dictionary<string, HvCustomField>
            {
                ["employment_type"] = new("Employment Type", "single_select", EmploymentTypes[i % EmploymentTypes.Length]),
            });
        a.Jobs[job.Id] = job;
        a.Stages[job.Id] = StageNames.Select((name, n) => new HvStage(GreenhouseSandboxAccount.NextId(), job.Id, name, n, created, created)).ToList();
        if (status == "draft") return;
        var postId = GreenhouseSandboxAccount.NextId();
        a.JobPosts[postId] = new HvJobPost(
            postId, job.Id, $"{title} – {office.Name}", Description(a, title, department.Name, office.Location.Name), false, status == "open", true,
            $"https://job-boards.greenhouse.io/{a.Slug}/jobs/{postId}?gh_jid={postId}", "en", 15, created.AddDays(1), created, updated, []);
    }

    private static string Description(GreenhouseSandboxAccount a, string title, string department, string location) =>
        $"<p>{a.Name} is looking for a <strong>{title}</strong> to join the {department} team in {location}.</p>" +
        "<h3>What you will do</h3><ul><li>Own meaningful work from idea to production</li><li>Work closely with a small, senior team</li></ul>" +
        "<h3>What you bring</h3><ul><li>Relevant experience and curiosity</li><li>Clear communication in English</li></ul>";

    private static HvUser User(GreenhouseSandboxAccount a, string first, string last, bool siteAdmin, DateTimeOffset at) => new(
        GreenhouseSandboxAccount.NextId(), first, last, $"{first} {last}",
        $"{first.ToLowerInvariant()}.{last.Replace(" ", "").ToLowerInvariant()}@{a.Slug}.example", siteAdmin, false, [], at, at);

    private static void AddSource(GreenhouseSandboxAccount a, string name, long typeId, string typeName, DateTimeOffset at)
    {
        var s = new HvSource(GreenhouseSandboxAccount.NextId(), name, new HvSourceType(typeId, typeName), at, at);
        a.Sources[s.Id] = s;
    }

    private static void AddReason(GreenhouseSandboxAccount a, string name, long typeId, string key, string typeName, DateTimeOffset at)
    {
        var r = new HvRejectionReason(GreenhouseSandboxAccount.NextId(), name, new HvReasonType(typeId, key, typeName), at, at);
        a.RejectionReasons[r.Id] = r;
    }
}
