using Circular.Portal.Jobs;

namespace Circular.Portal.Tests.Jobs;

public sealed class MatchSuggesterTests
{
    private readonly MatchSuggester _suggester = new();

    private static List<MatchCandidate> AtsJobs(params (string Title, string? Location)[] jobs) =>
        jobs.Select((j, i) => new MatchCandidate(i + 1, j.Title, j.Location)).ToList();

    [Fact]
    public void Abbreviated_senior_dotnet_title_finds_the_senior_backend_developer_first()
    {
        var ats = AtsJobs(("Senior Frontend Engineer", null), ("Senior Backend Developer", null), ("Data Analyst", null), ("Backend Engineering Manager", null));

        var ranked = _suggester.Rank(new MatchCandidate(100, "Sr. Backend Engineer (.NET)", null), ats);

        Assert.Equal("Senior Backend Developer", ranked[0].Title);
        Assert.True(ranked[0].Score > ranked[1].Score);
        Assert.True(ranked[0].Score >= 0.75, $"score {ranked[0].Score}");
        Assert.DoesNotContain(ranked.Take(2), s => s.Title == "Data Analyst");
    }

    [Fact]
    public void Location_breaks_a_tie_between_equal_titles()
    {
        var ats = AtsJobs(("Product Designer", "London, United Kingdom"), ("Product Designer", "Berlin, Germany"));

        var ranked = _suggester.Rank(new MatchCandidate(1, "Product Designer", "Berlin"), ats);

        Assert.Equal("Berlin, Germany", ranked[0].Location);
        Assert.True(ranked[0].Score > ranked[1].Score);
    }

    [Fact]
    public void A_different_role_scores_well_below_the_same_role_with_a_qualifier()
    {
        var same = _suggester.Score(MatchSuggester.Normalise("Customer Success Manager"), "", MatchSuggester.Normalise("Customer Success Manager (EMEA)"), "");
        var other = _suggester.Score(MatchSuggester.Normalise("Customer Success Manager"), "", MatchSuggester.Normalise("Sales Development Representative"), "");

        Assert.True(same > 0.8, $"same {same}");
        Assert.True(other < 0.35, $"other {other}");
    }

    [Theory]
    [InlineData("Sr. Backend Engineer (.NET)", "senior backend engineer net")]
    [InlineData("Jr Developer – Zürich", "junior engineer zurich")]
    [InlineData("  SRE / Ops  ", "site reliability engineer operations")]
    public void Titles_are_normalised_before_comparison(string raw, string normalised) =>
        Assert.Equal(normalised, MatchSuggester.Normalise(raw));

    [Fact]
    public void Identical_titles_rank_first_and_score_one()
    {
        var ats = AtsJobs(("Data Analyst", null), ("Senior Data Analyst", null));

        var ranked = _suggester.Rank(new MatchCandidate(1, "Data Analyst", null), ats);

        Assert.Equal(1, ranked[0].AtsJobId);
        Assert.Equal(1.0, ranked[0].Score);
    }
}
