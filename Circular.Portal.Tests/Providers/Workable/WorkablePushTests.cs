using System.Text;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Workable;

[Collection(SandboxCollection.Name)]
public sealed class WorkablePushTests(SandboxFixture fixture)
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% Ana Silva CV\n%%EOF");

    private static AtsCvFile Cv() => new("ana-silva-cv.pdf", "application/pdf", Pdf, new Uri("https://portal.example/cv/7f3e?sig=abc"));

    [Fact]
    public async Task Push_stores_cv_linkedin_phone_note_tag_and_source()
    {
        using var test = new WorkableTestAccount(fixture);
        var push = WorkableTestAccount.Push(test.OpenJobShortcode, "circular-app-101", cv: Cv());

        var result = await test.Provider.PushCandidateAsync(test.Connection, push, CancellationToken.None);

        var stored = Assert.Single(test.Emulator.StoredCandidates(test.Id));
        Assert.False(result.ReusedExisting);
        Assert.Equal(stored.Id, result.CandidateId);
        Assert.Equal(stored.Id, result.ApplicationId);
        Assert.Equal(push.JobExternalId, stored.JobShortcode);
        Assert.Equal(("Ana", "Silva", "ana.silva@example.org"), (stored.Firstname, stored.Lastname, stored.Email));
        Assert.Equal("+351 910 000 111", stored.Phone);
        Assert.Equal("Circular", stored.Domain);
        Assert.Contains("Circular", stored.Tags);
        Assert.Contains("circular-app-101", stored.Tags);
        Assert.Equal("https://www.linkedin.com/in/ana-silva-example", stored.SocialProfiles["linkedin"]);
        Assert.Equal(push.Note, stored.CoverLetter);
        Assert.Equal("ana-silva-cv.pdf", stored.ResumeFileName);
        Assert.Equal(Pdf, stored.ResumeData);
        Assert.Null(stored.ResumeUrl);
        Assert.True(stored.Sourced);
    }

    [Fact]
    public async Task Push_sends_the_signed_cv_link_when_configured_to()
    {
        using var test = new WorkableTestAccount(fixture, settings: new Dictionary<string, string?> { ["Ats:Workable:SendCvAsLink"] = "true" });

        await test.Provider.PushCandidateAsync(test.Connection, WorkableTestAccount.Push(test.OpenJobShortcode, "circular-app-102", cv: Cv()), CancellationToken.None);

        var stored = Assert.Single(test.Emulator.StoredCandidates(test.Id));
        Assert.Equal("https://portal.example/cv/7f3e?sig=abc", stored.ResumeUrl);
        Assert.Null(stored.ResumeData);
    }

    [Fact]
    public async Task Pushing_the_same_application_twice_creates_one_candidate()
    {
        using var test = new WorkableTestAccount(fixture);
        var push = WorkableTestAccount.Push(test.OpenJobShortcode, "circular-app-103", cv: Cv());

        var first = await test.Provider.PushCandidateAsync(test.Connection, push, CancellationToken.None);
        var second = await test.Provider.PushCandidateAsync(test.Connection, push, CancellationToken.None);

        Assert.Single(test.Emulator.StoredCandidates(test.Id));
        Assert.Equal(first.CandidateId, second.CandidateId);
        Assert.False(first.ReusedExisting);
        Assert.True(second.ReusedExisting);
        Assert.Equal(1, test.RequestCount("POST /spi/v3/jobs/"));
    }

    [Fact]
    public async Task Push_to_a_job_that_does_not_exist_is_permanent()
    {
        using var test = new WorkableTestAccount(fixture);

        var e = await Assert.ThrowsAsync<AtsException>(() =>
            test.Provider.PushCandidateAsync(test.Connection, WorkableTestAccount.Push("NOSUCHJOB1", "circular-app-104"), CancellationToken.None));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("NOSUCHJOB1", e.Message);
    }

    [Fact]
    public async Task Reads_back_a_rejection_with_its_reason_and_a_hire()
    {
        using var test = new WorkableTestAccount(fixture);
        var job = test.OpenJobShortcode;
        var ana = await test.Provider.PushCandidateAsync(test.Connection, WorkableTestAccount.Push(job, "circular-app-105"), CancellationToken.None);
        var bo = await test.Provider.PushCandidateAsync(test.Connection, WorkableTestAccount.Push(job, "circular-app-106", "bo.lind@example.org"), CancellationToken.None);
        var pushed = new[] { new AtsApplicationRef(ana.CandidateId, ana.ApplicationId, job), new AtsApplicationRef(bo.CandidateId, bo.ApplicationId, job) };
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        await test.Emulator.ActAsync(test.Id, ana.CandidateId, SandboxRecruiterAction.Reject, "Salary expectations too high", false, CancellationToken.None);
        var first = await test.Provider.ReadStatusChangesAsync(test.Connection, new AtsStatusQuery(null, pushed), CancellationToken.None);
        await test.Emulator.ActAsync(test.Id, bo.CandidateId, SandboxRecruiterAction.Hire, CancellationToken.None);
        var second = await test.Provider.ReadStatusChangesAsync(test.Connection, new AtsStatusQuery(first.NextCursor, pushed), CancellationToken.None);

        var rejected = Assert.Single(first.Changes, c => c.CandidateId == ana.CandidateId);
        Assert.Equal(AtsApplicationStatus.Rejected, rejected.Status);
        Assert.Equal("Salary expectations too high", rejected.Reason);
        Assert.True(rejected.OccurredAt >= before);
        Assert.Equal(AtsApplicationStatus.Active, Assert.Single(first.Changes, c => c.CandidateId == bo.CandidateId).Status);
        var hired = Assert.Single(second.Changes, c => c.CandidateId == bo.CandidateId);
        Assert.Equal(AtsApplicationStatus.Hired, hired.Status);
        Assert.Equal(bo.ApplicationId, hired.ApplicationId);
        Assert.Contains(test.Emulator.Requests(test.Id), r => r.StartsWith("GET /spi/v3/candidates?", StringComparison.Ordinal) && r.Contains("updated_after="));
    }

    [Fact]
    public async Task A_candidate_who_withdrew_reads_as_withdrawn()
    {
        using var test = new WorkableTestAccount(fixture);
        var ana = await test.Provider.PushCandidateAsync(test.Connection, WorkableTestAccount.Push(test.OpenJobShortcode, "circular-app-107"), CancellationToken.None);

        await test.Emulator.ActAsync(test.Id, ana.CandidateId, SandboxRecruiterAction.Reject, "Candidate withdrew", true, CancellationToken.None);
        var batch = await test.Provider.ReadStatusChangesAsync(test.Connection, new AtsStatusQuery(null, []), CancellationToken.None);

        Assert.Equal(AtsApplicationStatus.Withdrawn, Assert.Single(batch.Changes).Status);
    }
}
