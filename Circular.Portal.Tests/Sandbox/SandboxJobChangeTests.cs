using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Sandbox;

/// <summary>
/// A recruiter renames, closes, reopens or deletes a job in each emulator, and the real provider sees it over HTTP, as the
/// portal's sync would for mapping health.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxJobChangeTests(SandboxFixture fixture)
{
    private const int JobCount = 12;

    public static TheoryData<AtsKind> Vendors => new(Enum.GetValues<AtsKind>());

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task The_emulator_job_id_is_the_external_id_the_provider_reports(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);

        var jobs = await vendor.ListJobsAsync();

        var shown = vendor.Emulator.Jobs(vendor.AccountId);
        Assert.Equal(JobCount, shown.Count);
        Assert.Equal(Listed(kind, shown).Select(j => j.Id).Order(StringComparer.Ordinal), jobs.Select(j => j.ExternalId).Order(StringComparer.Ordinal));
        Assert.All(jobs, j => Assert.Equal(shown.Single(s => s.Id == j.ExternalId).Title, j.Title));
    }

    /// <summary>The jobs a listing returns: Recruitee's is asked with scope=not_archived, so its archived offers stay out.</summary>
    private static IEnumerable<SandboxJobView> Listed(AtsKind kind, IEnumerable<SandboxJobView> shown) =>
        kind == AtsKind.Recruitee ? shown.Where(j => j.Status != "archived") : shown;

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_closed_job_is_listed_as_closed_and_a_reopened_one_as_open(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        var job = (await vendor.ListJobsAsync()).First(j => j.Status == AtsJobStatus.Open).ExternalId;

        vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Close);
        var closed = (await vendor.ListJobsAsync()).Single(j => j.ExternalId == job);
        vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Reopen);
        var reopened = (await vendor.ListJobsAsync()).Single(j => j.ExternalId == job);

        Assert.Equal(AtsJobStatus.Closed, closed.Status);
        Assert.Equal(AtsJobStatus.Open, reopened.Status);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task Closing_changes_the_status_the_console_shows(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        var job = (await vendor.ListJobsAsync()).First(j => j.Status == AtsJobStatus.Open).ExternalId;
        var before = vendor.Emulator.Jobs(vendor.AccountId).Single(j => j.Id == job).Status;

        vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Close);

        Assert.NotEqual(before, vendor.Emulator.Jobs(vendor.AccountId).Single(j => j.Id == job).Status);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_renamed_job_has_its_new_title_in_an_incremental_listing_that_leaves_unchanged_jobs_out(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        // Jobs last edited well before `since`, so nothing but the rename can bring them into the listing.
        var old = (await vendor.ListJobsAsync()).Where(j => j.UpdatedAt < since.AddMinutes(-1)).Select(j => j.ExternalId).ToList();
        Assert.True(old.Count >= 2, $"{kind} seeded {old.Count} jobs edited before {since:O}.");
        var (renamed, unchanged) = (old[0], old[1]);

        vendor.Emulator.ChangeJob(vendor.AccountId, renamed, SandboxJobChange.Rename, "  Head of Circular Economy  ");

        var changed = await vendor.ListJobsAsync(since);
        Assert.Equal("Head of Circular Economy", Assert.Single(changed, j => j.ExternalId == renamed).Title);
        Assert.DoesNotContain(changed, j => j.ExternalId == unchanged);
        Assert.True(Assert.Single(changed, j => j.ExternalId == renamed).UpdatedAt >= since);
        Assert.Equal("Head of Circular Economy", (await vendor.ListJobsAsync()).Single(j => j.ExternalId == renamed).Title);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_deleted_job_is_gone_from_the_full_listing_the_console_and_the_single_job_lookup(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        var job = (await vendor.ListJobsAsync()).First(j => j.Status == AtsJobStatus.Open).ExternalId;
        Assert.True(await vendor.LookUpAsync(job), "The lookup finds the job before it is deleted.");

        vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Delete);

        var jobs = await vendor.ListJobsAsync();
        Assert.Equal(Listed(kind, vendor.Emulator.Jobs(vendor.AccountId)).Count(), jobs.Count);
        Assert.DoesNotContain(jobs, j => j.ExternalId == job);
        Assert.DoesNotContain(vendor.Emulator.Jobs(vendor.AccountId), j => j.Id == job);
        Assert.False(await vendor.LookUpAsync(job));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public async Task A_candidate_sent_to_a_deleted_job_stays_and_the_recruiter_can_still_move_them(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        // Deliveries of the move reach a path that answers 404: enough to build and sign them.
        vendor.SubscribeToMoves(new Uri(fixture.Host.BaseUrl, "no-such-hook"));
        var job = (await vendor.ListJobsAsync()).First(j => j.Status == AtsJobStatus.Open).ExternalId;
        var email = $"ana.{Guid.NewGuid():N}@example.org";
        await vendor.Provider.PushCandidateAsync(vendor.Connection, new AtsCandidatePush(
            "circular-app-" + Guid.NewGuid().ToString("N")[..8], job, "Ana", "Silva", email, "+351910000111", null, null, "Met on Circular."),
            CancellationToken.None);

        vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Delete);

        var candidate = Assert.Single(vendor.Emulator.Candidates(vendor.AccountId), c => c.Email == email);
        var outcome = await vendor.Emulator.ActAsync(vendor.AccountId, candidate.Id, SandboxRecruiterAction.Advance, CancellationToken.None);
        Assert.NotEqual(candidate.Stage, Assert.Single(vendor.Emulator.Candidates(vendor.AccountId), c => c.Email == email).Stage);
        Assert.False(string.IsNullOrEmpty(outcome));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Changing_an_unknown_or_deleted_job_says_which_job_is_missing(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        var job = vendor.Emulator.Jobs(vendor.AccountId)[0].Id;
        vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Delete);

        var deleted = Assert.Throws<KeyNotFoundException>(() => vendor.Emulator.ChangeJob(vendor.AccountId, job, SandboxJobChange.Close));
        var unknown = Assert.Throws<KeyNotFoundException>(() => vendor.Emulator.ChangeJob(vendor.AccountId, "404404", SandboxJobChange.Reopen));

        Assert.Contains($"'{job}'", deleted.Message);
        Assert.Contains("'404404'", unknown.Message);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void A_rename_without_a_title_is_refused_and_changes_nothing(AtsKind kind)
    {
        using var vendor = SandboxVendorAccount.Create(fixture, kind, JobCount);
        var job = vendor.Emulator.Jobs(vendor.AccountId)[0];

        Assert.Throws<ArgumentException>(() => vendor.Emulator.ChangeJob(vendor.AccountId, job.Id, SandboxJobChange.Rename));
        Assert.Throws<ArgumentException>(() => vendor.Emulator.ChangeJob(vendor.AccountId, job.Id, SandboxJobChange.Rename, "   "));

        Assert.Equal(job, vendor.Emulator.Jobs(vendor.AccountId)[0]);
    }
}
