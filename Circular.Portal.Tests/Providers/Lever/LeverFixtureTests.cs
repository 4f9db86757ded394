using System.Text.Json;
using Circular.Portal.Providers;
using Circular.Portal.Providers.Lever;

namespace Circular.Portal.Tests.Providers.Lever;

/// <summary>Recorded Lever payloads (see the fixtures README): the provider's wire models must read what Lever really sends.</summary>
public sealed class LeverFixtureTests
{
    private static T Read<T>(string name) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "Lever", "Fixtures", name)), LeverProvider.Json)!;

    [Fact]
    public void Reads_recorded_postings_with_null_channels_and_internal_state()
    {
        var page = Read<LeverPage<LeverPosting>>("postings_list_response.json");

        var jobs = page.Data!.Select(LeverMapping.ToJob).ToList();

        Assert.False(page.HasNext);
        Assert.Equal(2, jobs.Count);
        var first = jobs[0];
        Assert.Equal(("83196b64-568c-4010-a17a-0e8c203c8f65", "testing - 1", AtsJobStatus.Open), (first.ExternalId, first.Title, first.Status));
        Assert.Equal(("Seattle, WA", "Customer Success", "Contract"), (first.Location, first.Department, first.EmploymentType));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732443149683), first.UpdatedAt);
        Assert.Equal("https://jobs.lever.co/nango/83196b64-568c-4010-a17a-0e8c203c8f65", first.Url);
        Assert.Null(first.DescriptionHtml);
    }

    [Fact]
    public void Reads_a_recorded_create_response_with_deduped_and_no_application()
    {
        var created = Read<LeverEnvelope<LeverOpportunity>>("opportunity_create_response.json");

        Assert.False(created.Deduped);
        Assert.Equal("80beff1f-2346-465c-883f-2e9c384bd0c9", created.Data!.Id);
        Assert.Equal(created.Data.Id, LeverMapping.ApplicationId(created.Data));
    }

    [Fact]
    public void Reads_recorded_opportunities_as_rejected_with_reason_and_active()
    {
        var records = Read<List<LeverOpportunity>>("opportunities_records.json");
        var reasons = new Dictionary<string, LeverArchiveReason>
        {
            ["0798a6e3-aed0-4cee-9e99-4dc25db0d7b1"] = new("0798a6e3-aed0-4cee-9e99-4dc25db0d7b1", "Underqualified", "active", "non-hired"),
        };

        var archived = LeverMapping.ToStatusChange(records[0], reasons);
        var active = LeverMapping.ToStatusChange(records[1], reasons);

        Assert.Equal((AtsApplicationStatus.Rejected, "Underqualified"), (archived.Status, archived.Reason));
        Assert.Equal("8229d826-f99c-4417-b2ee-0a9f803dde7a", archived.ApplicationId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1628513942512), archived.OccurredAt);
        Assert.Equal(AtsApplicationStatus.Active, active.Status);
    }

    [Fact]
    public void An_archive_reason_of_type_hired_reads_as_hired()
    {
        var response = Read<LeverEnvelope<LeverOpportunity>>("opportunity_archived_response.json");
        var reasons = new Dictionary<string, LeverArchiveReason>
        {
            ["d35867b1-f661-4ec2-b477-b3e6524cc8b6"] = new("d35867b1-f661-4ec2-b477-b3e6524cc8b6", "Hired", "active", "hired"),
        };

        var change = LeverMapping.ToStatusChange(response.Data!, reasons);

        Assert.Equal(AtsApplicationStatus.Hired, change.Status);
        Assert.Null(change.Reason);
    }
}
