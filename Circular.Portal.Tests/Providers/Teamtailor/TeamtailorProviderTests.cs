using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Teamtailor;

[Collection(SandboxCollection.Name)]
public sealed class TeamtailorProviderTests(SandboxFixture sandbox) : TeamtailorTestBase(sandbox)
{
    [Fact]
    public async Task Lists_jobs_across_three_pages_with_every_status()
    {
        var account = NewAccount(jobs: 75);

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.Equal(75, jobs.Count);
        Assert.Equal(75, jobs.Select(j => j.ExternalId).Distinct().Count());
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Open);
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Closed);
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Draft);
        Assert.All(jobs, j =>
        {
            Assert.False(string.IsNullOrEmpty(j.Title));
            Assert.NotNull(j.Department);
            Assert.NotNull(j.Location);
            Assert.NotNull(j.UpdatedAt);
            Assert.StartsWith("<p>", j.DescriptionHtml);
        });
    }

    [Fact]
    public async Task Lists_only_jobs_updated_since_the_given_time()
    {
        var account = NewAccount(jobs: 40);
        var touched = Emulator.Jobs(account.Id).Skip(5).Take(2).Select(j => j.Id).ToHashSet();
        var since = DateTimeOffset.UtcNow.AddSeconds(-5);
        foreach (var id in touched) Emulator.TouchJob(account.Id, id);

        var jobs = await Provider.ListJobsAsync(Connect(account), since, default).ToListAsync();

        Assert.Equal(touched, jobs.Select(j => j.ExternalId).ToHashSet());
    }

    [Fact]
    public async Task Push_stores_cv_url_linkedin_tag_source_and_note()
    {
        var account = NewAccount();
        var jobId = OpenJobId(account);
        var cv = new AtsCvFile("ana.pdf", "application/pdf", [0x25, 0x50, 0x44, 0x46], new Uri("https://portal.example.test/cv/7f3e?sig=abc"));
        var push = Push(jobId, "ana.silva@example.org", "circular-app-41", "https://www.linkedin.com/in/ana-silva-example", cv);

        var result = await Provider.PushCandidateAsync(Connect(account), push, default);

        var stored = Assert.Single(Emulator.StoredCandidates(account.Id));
        Assert.Equal(result.CandidateId, stored.Id);
        Assert.False(result.ReusedExisting);
        Assert.Equal(("Ana", "Silva", "ana.silva@example.org", "+351910000111"), (stored.FirstName, stored.LastName, stored.Email, stored.Phone));
        Assert.Equal("https://www.linkedin.com/in/ana-silva-example", stored.LinkedInUrl);
        Assert.Equal("https://portal.example.test/cv/7f3e?sig=abc", stored.Resume);
        Assert.Contains(AtsCandidatePush.Tag, stored.Tags);
        Assert.Contains("circular-app-41", stored.Tags);
        Assert.True(stored.Sourced);
        var application = Assert.Single(stored.Applications);
        Assert.Equal((result.ApplicationId, jobId, "Inbox"), (application.Id, application.JobId, application.Stage));
        Assert.Contains(push.Note, application.CoverLetter);
        Assert.Contains("circular-app-41", application.CoverLetter);
    }

    [Fact]
    public async Task Pushing_the_same_application_twice_creates_one_candidate()
    {
        var account = NewAccount();
        var push = Push(OpenJobId(account), "twice@example.org", "circular-app-77");

        var first = await Provider.PushCandidateAsync(Connect(account), push, default);
        var second = await Provider.PushCandidateAsync(Connect(account), push, default);

        var stored = Assert.Single(Emulator.StoredCandidates(account.Id));
        Assert.Single(stored.Applications);
        Assert.Equal(0, stored.MergeCount);
        Assert.Equal((first.CandidateId, first.ApplicationId), (second.CandidateId, second.ApplicationId));
        Assert.True(second.ReusedExisting);
    }

    [Fact]
    public async Task Pushing_a_known_person_to_another_job_reuses_the_candidate()
    {
        var account = NewAccount();

        await Provider.PushCandidateAsync(Connect(account), Push(OpenJobId(account, 0), "again@example.org", "circular-app-1"), default);
        var second = await Provider.PushCandidateAsync(Connect(account), Push(OpenJobId(account, 1), "AGAIN@example.org", "circular-app-2"), default);

        var stored = Assert.Single(Emulator.StoredCandidates(account.Id));
        Assert.Equal(2, stored.Applications.Count);
        Assert.True(second.ReusedExisting);
    }

    [Fact]
    public async Task Reads_back_rejection_with_reason_hire_and_advance_after_recruiter_actions()
    {
        var account = NewAccount();
        var connection = Connect(account);
        var rejected = await Provider.PushCandidateAsync(connection, Push(OpenJobId(account, 0), "r@example.org", "circular-app-r"), default);
        var hired = await Provider.PushCandidateAsync(connection, Push(OpenJobId(account, 1), "h@example.org", "circular-app-h"), default);
        var moved = await Provider.PushCandidateAsync(connection, Push(OpenJobId(account, 2), "m@example.org", "circular-app-m"), default);
        await Emulator.ActAsync(account.Id, rejected.CandidateId, SandboxRecruiterAction.Reject, default);
        await Emulator.ActAsync(account.Id, hired.CandidateId, SandboxRecruiterAction.Hire, default);
        await Emulator.ActAsync(account.Id, moved.CandidateId, SandboxRecruiterAction.Advance, default);
        var pushed = new[] { rejected, hired, moved }.Select(p => new AtsApplicationRef(p.CandidateId, p.ApplicationId, "")).ToList();

        var batch = await Provider.ReadStatusChangesAsync(connection, new AtsStatusQuery(null, pushed), default);

        var byApplication = batch.Changes.ToDictionary(c => c.ApplicationId);
        Assert.Equal(AtsApplicationStatus.Rejected, byApplication[rejected.ApplicationId].Status);
        Assert.False(string.IsNullOrWhiteSpace(byApplication[rejected.ApplicationId].Reason));
        Assert.Equal(AtsApplicationStatus.Hired, byApplication[hired.ApplicationId].Status);
        Assert.Equal(AtsApplicationStatus.Active, byApplication[moved.ApplicationId].Status);
        Assert.Equal(hired.CandidateId, byApplication[hired.ApplicationId].CandidateId);
        Assert.All(batch.Changes, c => Assert.True(c.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task Status_cursor_keeps_an_overlap_and_never_moves_back()
    {
        var account = NewAccount();
        var connection = Connect(account);
        var pushed = await Provider.PushCandidateAsync(connection, Push(OpenJobId(account), "c@example.org"), default);
        var refs = new[] { new AtsApplicationRef(pushed.CandidateId, pushed.ApplicationId, "") };
        var first = await Provider.ReadStatusChangesAsync(connection, new AtsStatusQuery(null, refs), default);

        await Emulator.ActAsync(account.Id, pushed.CandidateId, SandboxRecruiterAction.Hire, default);
        var second = await Provider.ReadStatusChangesAsync(connection, new AtsStatusQuery(first.NextCursor, refs), default);

        Assert.Equal(AtsApplicationStatus.Hired, Assert.Single(second.Changes).Status);
        var again = await Provider.ReadStatusChangesAsync(connection, new AtsStatusQuery(second.NextCursor, refs), default);
        // The change is within the overlap, so it is read again (idempotent upsert) rather than risked.
        Assert.Equal(AtsApplicationStatus.Hired, Assert.Single(again.Changes).Status);
        Assert.True(string.CompareOrdinal(second.NextCursor, first.NextCursor) >= 0);
    }

    [Fact]
    public async Task Lists_every_status_and_falls_back_to_the_published_jobs_when_filter_status_all_is_refused()
    {
        // filter[status]=all is not a documented value: an API version that answers it with 400 still lists the published jobs.
        var account = NewAccount(jobs: 12);
        var all = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();
        Emulator.RefuseStatusAll(account.Id);

        var published = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.Equal(12, all.Count);
        var expected = Emulator.Jobs(account.Id).Where(j => j.Status == "published").Select(j => j.Id).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);
        Assert.Equal(expected, published.Select(j => j.ExternalId).Order());
        Assert.Contains(Emulator.Requests(account.Id), r => r.Contains("filter%5Bstatus%5D=all", StringComparison.OrdinalIgnoreCase) || r.Contains("filter[status]=all", StringComparison.Ordinal));
    }
}
