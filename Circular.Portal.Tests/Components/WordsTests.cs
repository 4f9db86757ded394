using Circular.Portal.Components;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;

namespace Circular.Portal.Tests.Components;

/// <summary>The words a new admin tripped over: acronyms, lists of sentences, file sizes, enum names, repeated titles.</summary>
public sealed class WordsTests
{
    [Theory]
    [InlineData("API access token", "API access token")]
    [InlineData("Subdomain", "subdomain")]
    [InlineData("Company ID", "company ID")]
    public void A_label_in_a_sentence_keeps_its_acronyms(string label, string expected) =>
        Assert.Equal(expected, Words.LowerFirst(label));

    [Fact]
    public void Listed_sentences_have_no_doubled_or_mixed_punctuation()
    {
        var message = $"missing: {Words.List(["The token cannot read jobs.", "It cannot add candidates."])}.";

        Assert.Equal("missing: The token cannot read jobs; It cannot add candidates.", message);
    }

    [Theory]
    [InlineData(687, "687 bytes")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(250_000, "244 KB")]
    [InlineData(3_500_000, "3.3 MB")]
    public void A_small_cv_is_never_shown_as_0_KB(long bytes, string expected) =>
        Assert.Equal(expected, Words.FileSize(bytes));

    [Fact]
    public void Employment_types_read_as_words_and_unknown_as_a_dash()
    {
        Assert.Equal("Full-time", EmploymentTypeLabels.Of(EmploymentType.FullTime));
        Assert.Equal("Part-time", EmploymentTypeLabels.Of(EmploymentType.PartTime));
        Assert.Equal("—", EmploymentTypeLabels.Of(null));
    }

    [Fact]
    public void A_health_notice_does_not_repeat_the_title_it_just_named()
    {
        var (_, notice) = MappingHealthCheck.Assess("Workable", "Backend Engineer", "Backend Engineer", "Backend Engineer", AtsJobStatus.Closed, missing: false);
        var (_, renamed) = MappingHealthCheck.Assess("Workable", "Backend Engineer (Berlin)", "Backend Engineer", "Senior Backend Engineer", AtsJobStatus.Open, missing: false);

        Assert.Equal("\"Backend Engineer\" was closed in Workable. Candidates for it are held until it reopens or you link another job.", notice);
        Assert.Contains("Candidates for \"Backend Engineer (Berlin)\" still go there", renamed);
    }

    [Fact]
    public void An_account_name_that_names_its_environment_is_not_followed_by_it_again()
    {
        var lever = new AtsConnection { PublicId = "x", AccountName = "acme-robotics (Lever production)", Environment = "production" };
        var other = new AtsConnection { PublicId = "y", AccountName = "Acme", Environment = "sandbox" };

        Assert.Equal("acme-robotics (Lever production)", ConnectionDisplay.AccountLabel(lever));
        Assert.Equal("Acme (sandbox)", ConnectionDisplay.AccountLabel(other));
    }
}
