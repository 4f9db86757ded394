using System.Security.Cryptography;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Lever;

[Collection(SandboxCollection.Name)]
public sealed class LeverPushTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Push_stores_cv_linkedin_tag_source_marker_and_note()
    {
        using var lever = new LeverTestAccount(fixture);
        var push = lever.Push();

        var result = await lever.Provider.PushCandidateAsync(lever.Connection, push, CancellationToken.None);

        var stored = lever.Emulator.Stored(lever.Account.AccountId, result.CandidateId);
        Assert.NotNull(stored);
        Assert.False(result.ReusedExisting);
        Assert.Equal(stored.ApplicationId, result.ApplicationId);
        Assert.Equal("Eva de Vries", stored.Name);
        Assert.Equal([push.Email], stored.Emails);
        Assert.Equal(["+31 6 1234 5678"], stored.Phones);
        Assert.Contains(push.LinkedInUrl!, stored.Links);
        Assert.Contains(AtsCandidatePush.Tag, stored.Tags);
        Assert.Contains(push.Marker, stored.Tags);
        Assert.Equal([AtsCandidatePush.Source], stored.Sources);
        Assert.Equal("sourced", stored.Origin);
        Assert.Equal(push.JobExternalId, stored.PostingId);
        Assert.Equal(lever.Account.UserId, stored.OwnerId);
        var cv = Assert.Single(stored.Files);
        Assert.Equal(("resume", "eva-de-vries-cv.pdf", "application/pdf"), (cv.Kind, cv.Name, cv.ContentType));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(push.Cv!.Content)), cv.Sha256);
        // The note carries the marker, so a retry after a crash can tell whether it went in.
        var note = Assert.Single(stored.Notes);
        Assert.StartsWith(push.Note, note);
        Assert.Contains(push.Marker, note);
    }

    [Fact]
    public async Task A_retry_that_finds_its_earlier_opportunity_adds_the_missing_cv_and_note_once()
    {
        using var lever = new LeverTestAccount(fixture);
        var push = lever.Push();
        // The earlier attempt's create went in without the CV and the note (as if it stopped right after the create).
        var first = await lever.Provider.PushCandidateAsync(lever.Connection, push with { Cv = null, Note = "" }, CancellationToken.None);

        var retry = await lever.Provider.PushCandidateAsync(lever.Connection, push, CancellationToken.None);
        var again = await lever.Provider.PushCandidateAsync(lever.Connection, push, CancellationToken.None);

        Assert.Equal(first.CandidateId, retry.CandidateId);
        Assert.Equal((AtsStepOutcome.Done, AtsStepOutcome.Done), (retry.Steps.Cv, retry.Steps.Note));
        Assert.Equal((AtsStepOutcome.AlreadyThere, AtsStepOutcome.AlreadyThere), (again.Steps.Cv, again.Steps.Note));
        var stored = lever.Emulator.Stored(lever.Account.AccountId, first.CandidateId)!;
        Assert.Single(stored.Files);
        Assert.Contains(push.Marker, Assert.Single(stored.Notes));
    }

    [Fact]
    public async Task Push_without_a_cv_is_sent_as_json()
    {
        using var lever = new LeverTestAccount(fixture);

        var result = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(withCv: false), CancellationToken.None);

        var stored = lever.Emulator.Stored(lever.Account.AccountId, result.CandidateId)!;
        Assert.Empty(stored.Files);
        Assert.Contains(AtsCandidatePush.Tag, stored.Tags);
    }

    [Fact]
    public async Task Pushing_the_same_application_twice_creates_one_candidate()
    {
        using var lever = new LeverTestAccount(fixture);
        var push = lever.Push();

        var first = await lever.Provider.PushCandidateAsync(lever.Connection, push, CancellationToken.None);
        var second = await lever.Provider.PushCandidateAsync(lever.Connection, push, CancellationToken.None);

        Assert.Single(lever.Emulator.StoredAll(lever.Account.AccountId));
        Assert.Equal(first.CandidateId, second.CandidateId);
        Assert.Equal(first.ApplicationId, second.ApplicationId);
        Assert.True(second.ReusedExisting);
    }

    [Fact]
    public async Task An_opportunity_found_by_email_on_the_same_posting_is_adopted_and_marked()
    {
        using var lever = new LeverTestAccount(fixture);
        var earlier = lever.Push(marker: "someone-else");
        var created = await lever.Provider.PushCandidateAsync(lever.Connection, earlier, CancellationToken.None);
        var retry = lever.Push(email: earlier.Email, jobId: earlier.JobExternalId);

        var result = await lever.Provider.PushCandidateAsync(lever.Connection, retry, CancellationToken.None);

        Assert.Equal(created.CandidateId, result.CandidateId);
        Assert.True(result.ReusedExisting);
        Assert.Contains(retry.Marker, lever.Emulator.Stored(lever.Account.AccountId, result.CandidateId)!.Tags);
        Assert.Single(lever.Emulator.StoredAll(lever.Account.AccountId));
    }

    [Fact]
    public async Task A_known_person_on_another_posting_gets_a_new_opportunity_on_the_same_contact()
    {
        using var lever = new LeverTestAccount(fixture);
        var jobs = lever.Emulator.Jobs(lever.Account.AccountId).Where(j => j.Status == "published").Select(j => j.Id).ToList();
        var first = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(email: "same@example.org", jobId: jobs[0]), CancellationToken.None);

        var second = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(email: "same@example.org", jobId: jobs[1]), CancellationToken.None);

        Assert.NotEqual(first.CandidateId, second.CandidateId);
        // Lever's deduped: a new opportunity on a person it knew, which is neither "created" nor "reused".
        Assert.False(second.ReusedExisting);
        Assert.Equal(AtsPushOutcome.NewApplicationOnExistingPerson, second.Outcome);
        var all = lever.Emulator.StoredAll(lever.Account.AccountId);
        Assert.Single(all.Select(o => o.ContactId).Distinct());
    }

    [Fact]
    public async Task Reading_status_after_reject_and_hire_gives_rejected_with_reason_and_hired()
    {
        using var lever = new LeverTestAccount(fixture);
        var rejected = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(), CancellationToken.None);
        var hired = await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(), CancellationToken.None);
        var first = await lever.Provider.ReadStatusChangesAsync(lever.Connection, new AtsStatusQuery(null, []), CancellationToken.None);
        Assert.All(first.Changes, c => Assert.Equal(AtsApplicationStatus.Active, c.Status));

        await lever.Emulator.ActAsync(lever.Account.AccountId, rejected.CandidateId, SandboxRecruiterAction.Reject, CancellationToken.None);
        await lever.Emulator.ActAsync(lever.Account.AccountId, hired.CandidateId, SandboxRecruiterAction.Hire, CancellationToken.None);
        var next = await lever.Provider.ReadStatusChangesAsync(lever.Connection, new AtsStatusQuery(first.NextCursor, []), CancellationToken.None);

        var reject = Assert.Single(next.Changes, c => c.CandidateId == rejected.CandidateId);
        Assert.Equal((AtsApplicationStatus.Rejected, "Underqualified", rejected.ApplicationId), (reject.Status, reject.Reason, reject.ApplicationId));
        var hire = Assert.Single(next.Changes, c => c.CandidateId == hired.CandidateId);
        Assert.Equal(AtsApplicationStatus.Hired, hire.Status);
        Assert.True(hire.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task Status_cursor_skips_changes_older_than_its_overlap()
    {
        using var lever = new LeverTestAccount(fixture);
        await lever.Provider.PushCandidateAsync(lever.Connection, lever.Push(), CancellationToken.None);
        var farFuture = "lever-v1:" + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();

        var batch = await lever.Provider.ReadStatusChangesAsync(lever.Connection, new AtsStatusQuery(farFuture, []), CancellationToken.None);

        Assert.Empty(batch.Changes);
        Assert.Equal(farFuture, batch.NextCursor);
    }
}
