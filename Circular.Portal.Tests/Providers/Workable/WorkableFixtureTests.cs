using System.Text;
using System.Text.Json;
using Circular.Portal.Providers;
using Circular.Portal.Providers.Workable;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Workable;

/// <summary>Payloads recorded from a real Workable account parse into the portal's records.</summary>
[Collection(SandboxCollection.Name)]
public sealed class WorkableFixtureTests(SandboxFixture fixture)
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Workable", "Fixtures", name));

    private static T Read<T>(string name) => JsonSerializer.Deserialize<T>(Fixture(name), WorkableJson.Options)!;

    [Fact]
    public void Parses_the_recorded_jobs_list()
    {
        var page = Read<WorkableJobsPage>("jobs_list_response.json");

        var jobs = page.Jobs!.Select(WorkableMapping.ToJob).ToList();

        Assert.Null(page.Paging);
        Assert.Equal(2, jobs.Count);
        var job = jobs[0]!;
        Assert.Equal("9CD658E13E", job.ExternalId);
        Assert.Equal("Account Executive", job.Title);
        // Workable's notes: "closed" means used internally or confidentially; the job still takes candidates.
        Assert.Equal(AtsJobStatus.Open, job.Status);
        Assert.True(job.Internal);
        Assert.Equal("closed", job.VendorState);
        Assert.Equal("London, United Kingdom", job.Location);
        Assert.Null(job.Department);
        Assert.Equal(DateTimeOffset.Parse("2026-07-23T20:46:41Z"), job.UpdatedAt);
    }

    [Fact]
    public void Parses_the_recorded_candidates_list_and_its_next_link()
    {
        var page = Read<WorkableCandidatesPage>("candidates_list_response.json");

        Assert.Equal(2, page.Candidates!.Count);
        Assert.Contains("since_id=2727030b", page.Paging!.Next);
        var (status, reason, at) = WorkableMapping.ToStatus(page.Candidates[0]);
        Assert.Equal(AtsApplicationStatus.Active, status);
        Assert.Null(reason);
        Assert.Equal(DateTimeOffset.Parse("2026-07-23T18:58:15Z"), at);
        Assert.Equal("9CD658E13E", page.Candidates[0].Job!.Shortcode);
    }

    [Fact]
    public void Parses_the_recorded_create_answer_into_the_candidate_id()
    {
        var created = Read<WorkableCandidateEnvelope>("candidate_create_response.json");

        Assert.Equal("created", created.Status);
        Assert.Equal("2727baa2", created.Candidate!.Id);
        Assert.Equal("sourced", created.Candidate.StageKind);
    }

    [Fact]
    public void Reads_a_numeric_subscription_id()
    {
        Assert.Equal("104697", Read<WorkableSubscriptionCreated>("subscription_create_response.json").Id);
    }

    [Fact]
    public void Parses_a_candidate_detail_sent_as_a_webhook_body_with_a_body_hash_as_event_id()
    {
        using var test = new WorkableTestAccount(fixture);
        var body = Encoding.UTF8.GetBytes(Fixture("candidate_get_response.json"));

        var e = Assert.Single(test.Provider.ParseWebhook(new AtsWebhookDelivery(new Dictionary<string, string>(), body)));

        Assert.Equal("27273038", e.CandidateId);
        Assert.Equal(AtsApplicationStatus.Active, e.Status);
        Assert.StartsWith("sha256:", e.EventId);
        Assert.Equal(DateTimeOffset.Parse("2026-07-23T20:02:42Z"), e.OccurredAt);
    }
}
