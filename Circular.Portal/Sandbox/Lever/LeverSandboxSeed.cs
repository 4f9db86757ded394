using System.Net;

namespace Circular.Portal.Sandbox.Lever;

/// <summary>Realistic-looking accounts: users, and postings spread over states, teams and cities.</summary>
internal static class LeverSandboxSeed
{
    private static readonly (string Title, string Department, string Team)[] Roles =
    [
        ("Senior Backend Engineer (.NET)", "Engineering", "Platform"),
        ("Frontend Engineer (React)", "Engineering", "Web"),
        ("Site Reliability Engineer", "Engineering", "Infrastructure"),
        ("Data Engineer", "Engineering", "Data"),
        ("Machine Learning Engineer", "Engineering", "Data"),
        ("Engineering Manager, Payments", "Engineering", "Payments"),
        ("QA Automation Engineer", "Engineering", "Quality"),
        ("Product Manager, Growth", "Product", "Growth"),
        ("Senior Product Designer", "Product", "Design"),
        ("UX Researcher", "Product", "Design"),
        ("Account Executive, Mid-Market", "Sales", "New Business"),
        ("Sales Development Representative", "Sales", "Outbound"),
        ("Customer Success Manager", "Customer Success", "Enterprise"),
        ("Technical Support Specialist", "Customer Success", "Support"),
        ("Implementation Consultant", "Customer Success", "Professional Services"),
        ("Performance Marketing Manager", "Marketing", "Demand Generation"),
        ("Content Marketing Lead", "Marketing", "Brand"),
        ("Financial Controller", "Finance", "Accounting"),
        ("Payroll Specialist", "Finance", "People Operations"),
        ("Talent Acquisition Partner", "People", "Recruiting"),
        ("Office Manager", "Operations", "Workplace"),
        ("Legal Counsel, Commercial", "Legal", "Legal"),
    ];

    private static readonly (string City, string Country, string Workplace)[] Places =
    [
        ("Amsterdam", "NL", "hybrid"), ("Utrecht", "NL", "onsite"), ("Berlin", "DE", "hybrid"), ("London", "GB", "hybrid"),
        ("Lisbon", "PT", "onsite"), ("Remote - EU", "NL", "remote"), ("Paris", "FR", "hybrid"), ("Barcelona", "ES", "onsite"),
    ];

    private static readonly string[] Commitments = ["Full-time", "Full-time", "Full-time", "Part-time", "Contract", "Intern"];

    private static readonly (string Name, string Role)[] People =
    [
        ("Sanne Visser", "super admin"), ("Daan Jansen", "admin"), ("Lotte de Boer", "team member"), ("Mila Bakker", "interviewer"),
    ];

    public static void Populate(LeverSandboxAccountState account, int jobCount, Random random, long nowMs)
    {
        var domain = account.Site + ".example";
        foreach (var (name, role) in People)
        {
            var email = name.ToLowerInvariant().Replace(' ', '.') + "@" + domain;
            account.Users.Add(new LeverSandboxUser(NewId(random), name, email, role, nowMs - 400L * 86_400_000));
        }
        for (var i = 0; i < jobCount; i++)
        {
            var (title, department, team) = Roles[i % Roles.Length];
            var place = Places[(i * 7 + i / Roles.Length) % Places.Length];
            var round = i / Roles.Length;
            account.Postings.Add(new LeverSandboxPosting
            {
                Id = NewId(random),
                Text = round == 0 ? title : $"{title} ({place.City})",
                // Mostly live postings, with every other Lever state represented.
                State = (i % 10) switch { 7 => "internal", 8 => "closed", 9 => "draft", _ when i % 23 == 22 => "pending", _ => "published" },
                // One posting in twenty is confidential: listed only with confidentiality=all and confidential access.
                Confidentiality = i % 20 == 13 ? "confidential" : "non-confidential",
                Team = team,
                Department = department,
                Location = place.City,
                Commitment = Commitments[i % Commitments.Length],
                Country = place.Country,
                WorkplaceType = place.Workplace,
                DescriptionHtml = $"<div><b>{WebUtility.HtmlEncode(account.Name)}</b> is hiring a {WebUtility.HtmlEncode(title)} to join the {WebUtility.HtmlEncode(team)} team in {WebUtility.HtmlEncode(place.City)}.</div>",
                Lists =
                [
                    ("What you will do", "<li>Own meaningful work from day one</li><li>Work closely with the " + WebUtility.HtmlEncode(department) + " team</li>"),
                    ("What you bring", "<li>Several years of relevant experience</li><li>Clear written communication</li>"),
                ],
                OwnerId = account.Users[i % 2].Id,
                CreatedAt = nowMs - (jobCount + i) * 86_400_000L,
                // One hour apart, newest first: an updated-since filter selects a predictable slice.
                UpdatedAt = nowMs - i * 3_600_000L,
            });
        }
    }

    public static string NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as Lever's UUIDs are
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
