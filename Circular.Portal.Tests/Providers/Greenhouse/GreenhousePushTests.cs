using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Greenhouse;

[Collection(SandboxCollection.Name)]
public sealed class GreenhousePushTests(SandboxFixture fixture)
{
    private static readonly byte[] Pdf = "%PDF-1.7 sandbox cv"u8.ToArray();

    [Fact]
    public async Task Pushes_a_candidate_with_cv_linkedin_tag_source_and_note()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var job = await account.OpenJobAsync();
        var push = GreenhouseTestAccount.Push("circular-app-101", job.ExternalId, "eva.devries@example.org", GreenhouseTestAccount.Cv(Pdf));

        var result = await account.Provider.PushCandidateAsync(account.Connection, push, CancellationToken.None);

        Assert.False(result.ReusedExisting);
        var stored = Assert.Single(account.Emulator.StoredCandidates(account.AccountId));
        Assert.Equal(result.CandidateId, stored.Id);
        Assert.Equal(("Eva", "de Vries"), (stored.FirstName, stored.LastName));
        Assert.Equal(["eva.devries@example.org"], stored.Emails);
        Assert.Equal(["+31 6 1234 5678"], stored.Phones);
        Assert.Equal(["https://www.linkedin.com/in/eva-de-vries-example"], stored.SocialMedia);
        Assert.Contains("Circular", stored.Tags);
        var application = Assert.Single(stored.Applications);
        Assert.Equal(result.ApplicationId, application.Id);
        Assert.Equal(job.ExternalId, application.JobId);
        Assert.Equal("Circular", application.Source);
        Assert.Equal("in_process", application.Status);
        var cv = Assert.Single(application.Attachments);
        Assert.Equal(("eva-de-vries-cv.pdf", "resume", "application/pdf", Pdf.Length), (cv.Filename, cv.Type, cv.ContentType, cv.ContentBytes));
        var note = Assert.Single(stored.Notes);
        Assert.Contains(push.Note, note);
        Assert.Contains(push.Marker, note);
    }

    [Fact]
    public async Task Pushing_the_same_application_twice_creates_one_candidate()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var job = await account.OpenJobAsync();
        var push = GreenhouseTestAccount.Push("circular-app-202", job.ExternalId, "sam.jansen@example.org", GreenhouseTestAccount.Cv(Pdf));

        var first = await account.Provider.PushCandidateAsync(account.Connection, push, CancellationToken.None);
        var second = await account.Provider.PushCandidateAsync(account.Connection, push, CancellationToken.None);

        Assert.Equal((first.CandidateId, first.ApplicationId), (second.CandidateId, second.ApplicationId));
        Assert.True(second.ReusedExisting);
        var stored = Assert.Single(account.Emulator.StoredCandidates(account.AccountId));
        Assert.Single(Assert.Single(stored.Applications).Attachments);
    }

    [Fact]
    public async Task Pushing_a_known_email_to_another_job_adds_an_application_to_the_same_person()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var jobs = (await account.JobsAsync()).Where(j => j.Status == AtsJobStatus.Open).Take(2).ToList();

        var first = await account.Provider.PushCandidateAsync(account.Connection,
            GreenhouseTestAccount.Push("circular-app-301", jobs[0].ExternalId, "lina.bos@example.org"), CancellationToken.None);
        var second = await account.Provider.PushCandidateAsync(account.Connection,
            GreenhouseTestAccount.Push("circular-app-302", jobs[1].ExternalId, "LINA.BOS@example.org"), CancellationToken.None);

        Assert.True(second.ReusedExisting);
        Assert.Equal(first.CandidateId, second.CandidateId);
        Assert.NotEqual(first.ApplicationId, second.ApplicationId);
        var stored = Assert.Single(account.Emulator.StoredCandidates(account.AccountId));
        Assert.Equal(2, stored.Applications.Count);
        Assert.All(stored.Applications, a => Assert.Equal("Circular", a.Source));
    }

    [Fact]
    public async Task Reads_a_rejection_with_its_reason_after_the_recruiter_rejects()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var (pushed, query) = await PushOneAsync(account, "circular-app-401");
        var before = await account.Provider.ReadStatusChangesAsync(account.Connection, query, CancellationToken.None);
        Assert.Equal(AtsApplicationStatus.Active, Assert.Single(before.Changes).Status);

        await account.Emulator.ActAsync(account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Advance, CancellationToken.None);
        await account.Emulator.ActAsync(account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Reject, "Lacking skill(s)/qualification(s)", CancellationToken.None);
        var after = await account.Provider.ReadStatusChangesAsync(account.Connection, query with { Cursor = before.NextCursor }, CancellationToken.None);

        var change = Assert.Single(after.Changes);
        Assert.Equal((pushed.CandidateId, pushed.ApplicationId), (change.CandidateId, change.ApplicationId));
        Assert.Equal(AtsApplicationStatus.Rejected, change.Status);
        Assert.Equal("Lacking skill(s)/qualification(s)", change.Reason);
        Assert.True(change.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Reads_a_hire_after_the_recruiter_hires()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var (pushed, query) = await PushOneAsync(account, "circular-app-501");

        await account.Emulator.ActAsync(account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Hire, CancellationToken.None);
        var batch = await account.Provider.ReadStatusChangesAsync(account.Connection, query, CancellationToken.None);

        var change = Assert.Single(batch.Changes);
        Assert.Equal(AtsApplicationStatus.Hired, change.Status);
        Assert.Null(change.Reason);
    }

    [Fact]
    public async Task Reads_a_rejection_the_candidate_gave_as_withdrawn()
    {
        using var account = GreenhouseTestAccount.Create(fixture);
        var (pushed, query) = await PushOneAsync(account, "circular-app-601");

        await account.Emulator.ActAsync(account.AccountId, pushed.CandidateId, SandboxRecruiterAction.Reject, "Accepted another offer", CancellationToken.None);
        var batch = await account.Provider.ReadStatusChangesAsync(account.Connection, query with { Cursor = "garbage" }, CancellationToken.None);

        var change = Assert.Single(batch.Changes);
        Assert.Equal(AtsApplicationStatus.Withdrawn, change.Status);
        Assert.Equal("Accepted another offer", change.Reason);
    }

    private static async Task<(AtsPushResult, AtsStatusQuery)> PushOneAsync(GreenhouseTestAccount account, string marker)
    {
        var job = await account.OpenJobAsync();
        var pushed = await account.Provider.PushCandidateAsync(account.Connection,
            GreenhouseTestAccount.Push(marker, job.ExternalId, marker + "@example.org"), CancellationToken.None);
        return (pushed, new AtsStatusQuery(null, [new AtsApplicationRef(pushed.CandidateId, pushed.ApplicationId, job.ExternalId)]));
    }
}
