using Circular.Portal.Providers;
using Circular.Portal.Providers.Greenhouse;

namespace Circular.Portal.Tests.Providers.Greenhouse;

/// <summary>The provider reads what Greenhouse really sends, including the v1-shaped payloads of its documentation.</summary>
public sealed class GreenhouseFixtureTests
{
    private static readonly Dictionary<long, string> NoNames = [];

    [Fact]
    public void Reads_a_documented_job_with_embedded_departments_offices_and_custom_fields()
    {
        var job = Assert.Single(GhJson.Read<List<GhJob>>(GreenhouseFixtures.Text("harvest_jobs_list_response.json"))!);

        var record = GreenhouseMapping.ToJob(job, NoNames, NoNames, null);

        Assert.Equal(("6404", "Archaeologist", AtsJobStatus.Closed), (record.ExternalId, record.Title, record.Status));
        Assert.Equal("Second-Level department", record.Department);
        Assert.Equal("New York, United States", record.Location);
        Assert.Equal("Full-Time", record.EmploymentType);
        Assert.Equal("<p>Resistance to electro-magnetic radiation a plus!</p>", record.DescriptionHtml);
    }

    [Fact]
    public void Reads_candidate_and_application_ids_from_a_bare_create_response()
    {
        var (candidateId, applicationId) = GreenhouseProvider.ReadCreated(GreenhouseFixtures.Text("harvest_candidate_create_response.json"));

        Assert.Equal((57683957L, 69201605L), (candidateId, applicationId));
    }

    [Fact]
    public void Reads_a_rejected_application_with_its_embedded_reason()
    {
        var app = GhJson.Read<GhApplication>(GreenhouseFixtures.Text("harvest_application_reject_response.json"))!;

        var change = GreenhouseMapping.ToStatusChange(app, new Dictionary<long, GhRejectionReason>(), DateTimeOffset.UtcNow);

        Assert.Equal(("978031", "985314"), (change.CandidateId, change.ApplicationId));
        Assert.Equal(AtsApplicationStatus.Rejected, change.Status);
        Assert.Equal("The prospect is not qualified for this position.", change.Reason);
        Assert.Equal(DateTimeOffset.Parse("2016-08-17T21:08:29.686Z"), change.OccurredAt);
    }

    [Theory]
    [InlineData("webhook_reject_candidate.json", "reject_candidate", AtsApplicationStatus.Rejected, "Too Junior", "265293")]
    [InlineData("webhook_hire_candidate.json", "hire_candidate", AtsApplicationStatus.Hired, null, "46194062")]
    [InlineData("webhook_candidate_stage_change.json", "candidate_stage_change", AtsApplicationStatus.Active, null, "265277")]
    [InlineData("webhook_application_updated.json", "application_updated", AtsApplicationStatus.Active, null, "22202940")]
    public void Parses_documented_webhook_payloads(string file, string action, AtsApplicationStatus status, string? reason, string applicationId)
    {
        var body = GreenhouseFixtures.Bytes(file);

        var change = Assert.Single(GreenhouseWebhooks.Parse(GreenhouseWebhookTests.Delivery(body, "unused", "evt-42"), DateTimeOffset.UtcNow));

        Assert.Equal((action, status, reason, applicationId), (change.EventType, change.Status, change.Reason, change.ApplicationId));
        Assert.NotNull(change.CandidateId);
    }

    [Fact]
    public void The_event_id_comes_from_the_signed_body_not_the_unsigned_event_id_header()
    {
        var body = GreenhouseFixtures.Bytes("webhook_reject_candidate.json");

        var ids = new[] { "evt-1", "evt-2", "replayed-3", "" }
            .Select(header => GreenhouseWebhooks.Parse(GreenhouseWebhookTests.Delivery(body, "unused", header), DateTimeOffset.UtcNow).Single().EventId)
            .Distinct().ToList();

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), Assert.Single(ids));
    }

    [Fact]
    public void Uses_a_body_hash_as_event_id_when_the_header_is_missing()
    {
        var body = GreenhouseFixtures.Bytes("webhook_hire_candidate.json");

        var first = GreenhouseWebhooks.Parse(new AtsWebhookDelivery(new Dictionary<string, string>(), body), DateTimeOffset.UtcNow).Single();
        var again = GreenhouseWebhooks.Parse(new AtsWebhookDelivery(new Dictionary<string, string>(), body), DateTimeOffset.UtcNow).Single();

        Assert.Equal(64, first.EventId.Length);
        Assert.Equal(first.EventId, again.EventId);
    }
}
