using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Recruitee;

[Collection(SandboxCollection.Name)]
public sealed class RecruiteePushAndStatusTests(SandboxFixture sandbox) : RecruiteeContract(sandbox)
{
    [Fact]
    public async Task Pushes_a_candidate_with_cv_url_linkedin_tag_source_and_note()
    {
        var account = Emulator.AddAccount("Push Co", 10);
        var job = OpenJob(account);
        var push = Push("circular-app-101", job);

        var result = await Provider.PushCandidateAsync(Connect(account), push, default);

        Assert.False(result.ReusedExisting);
        var stored = Emulator.StoredCandidate(account.CompanyId, result.CandidateId);
        Assert.NotNull(stored);
        Assert.Equal("Ana Silva", stored.Name);
        Assert.Equal(["ana.silva@example.org"], stored.Emails);
        Assert.Equal(["+351910000111"], stored.Phones);
        Assert.Equal(["https://www.linkedin.com/in/ana-silva-example"], stored.SocialLinks);
        Assert.Equal([AtsCandidatePush.Source], stored.Sources);
        Assert.Contains(AtsCandidatePush.Tag, stored.Tags);
        Assert.Contains(push.Marker, stored.Tags);
        Assert.Equal(push.Cv!.PublicUrl.AbsoluteUri, stored.RemoteCvUrl);
        var note = Assert.Single(stored.Notes);
        Assert.Contains(push.Note, note);
        var placement = Assert.Single(stored.Placements);
        Assert.Equal(result.ApplicationId, placement.Id);
        Assert.Equal(job, placement.OfferId);
        Assert.Equal("Applied", placement.Stage);
    }

    [Fact]
    public async Task Pushing_the_same_application_twice_creates_one_candidate()
    {
        var account = Emulator.AddAccount("Twice Co", 10);
        var push = Push("circular-app-202", OpenJob(account));

        var first = await Provider.PushCandidateAsync(Connect(account), push, default);
        var second = await Provider.PushCandidateAsync(Connect(account), push, default);

        var stored = Assert.Single(Emulator.StoredCandidates(account.CompanyId));
        Assert.Equal(first.CandidateId, second.CandidateId);
        Assert.Equal(first.ApplicationId, second.ApplicationId);
        Assert.True(second.ReusedExisting);
        Assert.Single(stored.Placements);
        Assert.Single(stored.Notes);
    }

    [Fact]
    public async Task Reuses_a_person_the_company_already_has_and_adds_the_new_job()
    {
        var account = Emulator.AddAccount("Known Person Co", 10);
        var first = await Provider.PushCandidateAsync(Connect(account), Push("circular-app-301", OpenJob(account)), default);
        var secondJob = OpenJob(account, skip: 1);

        var second = await Provider.PushCandidateAsync(Connect(account), Push("circular-app-302", secondJob, "ANA.SILVA@example.org"), default);

        Assert.True(second.ReusedExisting);
        Assert.Equal(first.CandidateId, second.CandidateId);
        var stored = Assert.Single(Emulator.StoredCandidates(account.CompanyId));
        Assert.Equal(2, stored.Placements.Count);
        Assert.Contains(stored.Placements, p => p.Id == second.ApplicationId && p.OfferId == secondJob);
        Assert.Contains("circular-app-302", stored.Tags);
        Assert.Equal(2, stored.Notes.Count);
    }

    [Fact]
    public async Task Reads_a_rejection_with_its_reason_after_the_recruiter_disqualifies()
    {
        var account = Emulator.AddAccount("Reject Co", 5);
        var job = OpenJob(account);
        var pushed = await Provider.PushCandidateAsync(Connect(account), Push("circular-app-401", job), default);
        await Emulator.ActAsync(account.CompanyId, pushed.CandidateId, SandboxRecruiterAction.Reject, "Salary expectations too high", default);

        var batch = await Provider.ReadStatusChangesAsync(Connect(account),
            new AtsStatusQuery(null, [new AtsApplicationRef(pushed.CandidateId, pushed.ApplicationId, job)]), default);

        var change = Assert.Single(batch.Changes);
        Assert.Equal(AtsApplicationStatus.Rejected, change.Status);
        Assert.Equal("Salary expectations too high", change.Reason);
        Assert.Equal(Emulator.StoredCandidate(account.CompanyId, pushed.CandidateId)!.Placements[0].DisqualifiedAt, change.OccurredAt);
    }

    [Fact]
    public async Task Reads_a_hire_made_after_the_previous_poll_using_its_cursor()
    {
        var account = Emulator.AddAccount("Hire Co", 5);
        var job = OpenJob(account);
        var pushed = await Provider.PushCandidateAsync(Connect(account), Push("circular-app-501", job), default);
        var followed = new[] { new AtsApplicationRef(pushed.CandidateId, pushed.ApplicationId, job) };
        var first = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(null, followed), default);
        Assert.Equal(AtsApplicationStatus.Active, Assert.Single(first.Changes).Status);

        await Emulator.ActAsync(account.CompanyId, pushed.CandidateId, SandboxRecruiterAction.Advance, default);
        await Emulator.ActAsync(account.CompanyId, pushed.CandidateId, SandboxRecruiterAction.Hire, default);
        var second = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(first.NextCursor, followed), default);

        var change = Assert.Single(second.Changes);
        Assert.Equal(AtsApplicationStatus.Hired, change.Status);
        Assert.Equal(pushed.ApplicationId, change.ApplicationId);
        Assert.NotEqual(first.NextCursor, second.NextCursor);
    }

    [Fact]
    public async Task A_deleted_candidate_reads_as_withdrawn_instead_of_failing_the_poll()
    {
        var account = Emulator.AddAccount("Gone Co", 3);
        var gone = new AtsApplicationRef("123", "456", OpenJob(account));

        var batch = await Provider.ReadStatusChangesAsync(Connect(account), new AtsStatusQuery(null, [gone]), default);

        Assert.Equal(AtsApplicationStatus.Withdrawn, Assert.Single(batch.Changes).Status);
    }
}
