using System.Text.Json;
using Circular.Portal.Providers;
using Circular.Portal.Providers.Teamtailor;

namespace Circular.Portal.Tests.Providers.Teamtailor;

/// <summary>Real payloads from Teamtailor's docs: the provider's wire models must read them as they are.</summary>
public sealed class TeamtailorFixtureTests
{
    [Fact]
    public void Reads_the_documented_jobs_list()
    {
        var page = Read<TtDocument<List<TtResource<TtJob>>>>("jobs_list_response.json");

        var jobs = page.Data!.Select(j => TeamtailorMapping.ToJob(j, page.Included ?? [])).ToList();

        Assert.Equal(["7263", "7262"], jobs.Select(j => j.ExternalId));
        Assert.Equal("Account manager", jobs[0].Title);
        Assert.All(jobs, j => Assert.Equal(AtsJobStatus.Open, j.Status));
        Assert.Equal("http://career.teamtailor.com/jobs/7263-account-manager", jobs[0].Url);
        // No updated-at in this API version: created-at stands in.
        Assert.Equal(DateTimeOffset.Parse("2016-11-17T00:00:00.000+01:00", System.Globalization.CultureInfo.InvariantCulture), jobs[0].UpdatedAt);
        Assert.Null(page.Links!.Next);
    }

    [Fact]
    public void Reads_the_documented_candidate_create_response()
    {
        var candidate = Read<TtDocument<TtResource<TtCandidate>>>("candidate_create_response.json").Data!;

        Assert.Equal(("1337", "jonas@example.com"), (candidate.Id, candidate.Attributes!.Email));
        Assert.Empty(candidate.Attributes.Tags!);
    }

    [Fact]
    public void Reads_the_documented_job_application_as_active()
    {
        var application = Read<TtDocument<TtResource<TtApplication>>>("job_application_update_response.json").Data!;

        var change = TeamtailorMapping.ToStatusChange(application, "c1", []);

        Assert.Equal(("1337", AtsApplicationStatus.Active), (change.ApplicationId, change.Status));
        Assert.Equal(application.Attributes!.ChangedStageAt, change.OccurredAt);
    }

    [Theory]
    [InlineData("open", "published", AtsJobStatus.Open)]
    [InlineData("unlisted", "unlisted", AtsJobStatus.Open)]
    [InlineData("archived", "archived", AtsJobStatus.Closed)]
    [InlineData("open", "expired", AtsJobStatus.Closed)]
    [InlineData("draft", "draft", AtsJobStatus.Draft)]
    [InlineData("open", "scheduled", AtsJobStatus.Draft)]
    [InlineData(null, null, AtsJobStatus.Draft)]
    public void Normalises_job_status(string? status, string? humanStatus, AtsJobStatus expected) =>
        Assert.Equal(expected, TeamtailorMapping.JobStatus(status, humanStatus));

    private static T Read<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Teamtailor", "Fixtures", name)), TeamtailorJson.Options)!;
}
