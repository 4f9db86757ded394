using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;

namespace Circular.Portal.Tests.Jobs;

/// <summary>The vendor's words for an employment type, read as the portal's; anything else stays unknown.</summary>
public sealed class EmploymentTypeImportTests
{
    [Theory]
    [InlineData("Full-time", EmploymentType.FullTime)]
    [InlineData("fulltime", EmploymentType.FullTime)]
    [InlineData("full_time", EmploymentType.FullTime)]
    [InlineData("Permanent", EmploymentType.FullTime)]
    [InlineData("Part-time", EmploymentType.PartTime)]
    [InlineData("Contract", EmploymentType.Contract)]
    [InlineData("Freelance", EmploymentType.Contract)]
    [InlineData("Temporary", EmploymentType.Temporary)]
    [InlineData("Intern", EmploymentType.Internship)]
    public void Known_words_map_to_the_type(string vendor, EmploymentType expected) =>
        Assert.Equal(expected, JobImporter.EmploymentTypeFrom(vendor));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Volunteer")]
    public void No_or_unreadable_words_stay_unknown(string? vendor) =>
        Assert.Null(JobImporter.EmploymentTypeFrom(vendor));
}
