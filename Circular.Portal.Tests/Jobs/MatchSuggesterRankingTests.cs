using Circular.Portal.Jobs;

namespace Circular.Portal.Tests.Jobs;

/// <summary>Ranking with titles as companies write them, and the prepared pool agreeing with the plain ranking.</summary>
public sealed class MatchSuggesterRankingTests
{
    private readonly MatchSuggester _suggester = new();

    private static readonly string[] AtsTitles =
    [
        "Senior Backend Developer", "Backend Engineer", "Frontend Engineer", "Senior Frontend Developer", "Full Stack Engineer",
        "Customer Success Manager (EMEA)", "Customer Support Specialist", "Junior Data Analyst", "Senior Data Analyst", "Data Engineer",
        "Site Reliability Engineer", "DevOps Engineer", "Mid-Market Account Executive", "Enterprise Account Executive",
        "Sales Development Representative", "Platform Engineering Manager", "Platform Engineer", "Quality Assurance Automation Engineer",
        "Senior Product Manager, Payments", "Product Designer", "iOS Engineer", "Android Engineer", "HR Business Partner",
        "Talent Acquisition Specialist", "Finance Controller", "Machine Learning Engineer", "Technical Writer", "Office Manager",
    ];

    private static List<MatchCandidate> Ats(IEnumerable<string> titles, string? location = null) =>
        titles.Select((t, i) => new MatchCandidate(i + 1, t, location)).ToList();

    [Theory]
    [InlineData("Sr. Backend Engineer (.NET)", "Senior Backend Developer")]
    [InlineData("Customer Success Manager - DACH", "Customer Success Manager (EMEA)")]
    [InlineData("Jr. Data Analyst", "Junior Data Analyst")]
    [InlineData("SRE", "Site Reliability Engineer")]
    [InlineData("Account Executive, Mid-Market", "Mid-Market Account Executive")]
    [InlineData("Engineering Manager, Platform", "Platform Engineering Manager")]
    [InlineData("QA Automation Engineer", "Quality Assurance Automation Engineer")]
    [InlineData("Product Manager – Payments", "Senior Product Manager, Payments")]
    [InlineData("iOS Developer", "iOS Engineer")]
    [InlineData("Senior Front-End Developer (React)", "Senior Frontend Developer")]
    [InlineData("ML Engineer", "Machine Learning Engineer")]
    [InlineData("People Partner (HRBP)", "HR Business Partner")]
    public void A_title_as_a_company_writes_it_finds_the_same_role_in_the_ats_first(string circular, string expected)
    {
        var ranked = _suggester.Rank(new MatchCandidate(0, circular, null), _suggester.Prepare(Ats(AtsTitles)), take: 3);

        Assert.Equal(expected, ranked[0].Title);
        Assert.True(ranked.Count < 2 || ranked[0].Score > ranked[1].Score, $"{ranked[0].Title} {ranked[0].Score} ties {ranked[1].Title}");
    }

    [Fact]
    public void Among_the_same_role_in_several_cities_the_job_in_its_own_city_comes_first()
    {
        var ats = new List<MatchCandidate>
        {
            new(1, "Backend Engineer", "Berlin, Germany"), new(2, "Backend Engineer", "Lisbon, Portugal"), new(3, "Backend Engineer", "Remote"),
        };

        var ranked = _suggester.Rank(new MatchCandidate(0, "Backend Engineer", "Lisbon"), ats);

        Assert.Equal(2, ranked[0].AtsJobId);
    }

    [Fact]
    public void A_role_the_ats_does_not_have_gets_no_confident_suggestion()
    {
        var ranked = _suggester.Rank(new MatchCandidate(0, "Veterinary Nurse", "Porto"), _suggester.Prepare(Ats(AtsTitles, "Lisbon, Portugal")), take: 1);

        Assert.True(ranked.Count == 0 || ranked[0].Score < Circular.Portal.Jobs.Pages.MappingBoard.ShownSuggestionScore, $"{ranked.FirstOrDefault()}");
    }

    [Theory]
    [InlineData(0.0, 5)]
    [InlineData(0.0, 1)]
    [InlineData(0.5, 3)]
    [InlineData(0.65, 3)]
    [InlineData(0.8, 1)]
    [InlineData(0.9, 3)]
    public void The_indexed_ranking_gives_exactly_what_scoring_every_pair_gives(double minimum, int take)
    {
        var ats = Variants().Select((t, i) => new MatchCandidate(i, t, i % 3 == 0 ? null : Cities[i % Cities.Length])).ToList();
        var pool = _suggester.Prepare(ats);

        foreach (var (title, i) in Variants().Append("Veterinary Nurse").Append("").Select((t, i) => (t, i)))
        {
            var job = new MatchCandidate(i, title.ToUpperInvariant(), i % 4 == 0 ? null : Cities[(i * 7) % Cities.Length]);
            Assert.Equal(EveryPair(job, ats, take, minimum), _suggester.Rank(job, pool, take, minimum));
        }
    }

    /// <summary>The plain definition: score every pair with the public <see cref="MatchSuggester.Score"/>, sort, cut.</summary>
    private List<MatchSuggestion> EveryPair(MatchCandidate job, List<MatchCandidate> ats, int take, double minimum) =>
        ats.Select(a => new MatchSuggestion(a.Id, a.Title, a.Location, _suggester.Score(
                MatchSuggester.Normalise(job.Title), MatchSuggester.Normalise(job.Location), MatchSuggester.Normalise(a.Title), MatchSuggester.Normalise(a.Location))))
            .Where(s => s.Score > 0 && s.Score >= minimum)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Title, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.AtsJobId)
            .Take(take)
            .ToList();

    [Fact]
    public void Best_matches_returns_each_job_with_its_top_suggestion_only_when_it_reaches_the_threshold()
    {
        var pool = _suggester.Prepare(Ats(AtsTitles));
        var jobs = new[] { new MatchCandidate(1, "Jr. Data Analyst", null), new MatchCandidate(2, "Veterinary Nurse", null), new MatchCandidate(3, "Product Designer", null) };

        var best = _suggester.BestMatches(jobs, pool, 0.8).ToList();

        Assert.Equal([1, 3], best.Select(b => b.Job.Id));
        Assert.Equal(["Junior Data Analyst", "Product Designer"], best.Select(b => b.Best.Title));
    }

    private static readonly string[] Cities = ["Lisbon", "Berlin, Germany", "London, United Kingdom", "Remote", "Amsterdam", "Paris, France"];

    /// <summary>Realistic title variants: seniority, abbreviations, qualifiers, other languages' accents.</summary>
    private static IEnumerable<string> Variants()
    {
        string[] prefixes = ["", "Senior ", "Sr. ", "Junior ", "Lead ", "Principal "];
        string[] suffixes = ["", " (.NET)", " - EMEA", ", Payments", " (m/w/d)", " – Zürich"];
        return AtsTitles.SelectMany((t, i) => new[] { prefixes[i % prefixes.Length] + t + suffixes[i % suffixes.Length], t.Replace("Engineer", "Developer") })
            .Distinct();
    }
}
