using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Circular.Portal.Sandbox;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Circular.Portal.Tests.Jobs;

/// <summary>A linked ATS job closed, deleted or renamed at the vendor: sync notices, the link says so, the admins are told once.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class MappingHealthTests(IntegrationFixture fixture)
{
    private ISandboxEmulator EmulatorFor(AtsKind kind) =>
        fixture.Sandbox.Emulators.Single(e => e.Vendor == kind.ToString().ToLowerInvariant());

    /// <summary>A company connected to the vendor with every open job imported, and one linked open job to play with.</summary>
    private async Task<(int CompanyId, int ConnectionId, string AccountId, AtsJob Linked)> ImportedAsync(string company, AtsKind kind, int jobs = 12)
    {
        var (companyId, _) = await fixture.Portal.CreateAsync(company);
        var (connectionId, accountId) = await fixture.ConnectToAccountAsync(companyId, kind, jobs);
        await using (var scope = fixture.ScopeFor(companyId))
        {
            var result = await scope.ServiceProvider.GetRequiredService<JobImporter>().ImportAsync(connectionId, false, true, "admin@test", null, default);
            Assert.True(result.Succeeded, result.Message);
        }
        var linked = await fixture.Portal.QueryAsync(db => db.AtsJobs
            .Where(a => a.ConnectionId == connectionId && a.Status == AtsJobStatus.Open && db.JobLinks.Any(l => l.AtsJobId == a.Id))
            .OrderBy(a => a.Id).FirstAsync());
        return (companyId, connectionId, accountId, linked);
    }

    private Task<JobLink> LinkOfAsync(int atsJobId) =>
        fixture.Portal.QueryAsync(db => db.JobLinks.AsNoTracking().SingleAsync(l => l.AtsJobId == atsJobId));

    private Task<int> NotificationCountAsync(int companyId, string title) =>
        fixture.Portal.QueryAsync(db => db.Notifications.CountAsync(n => n.CompanyId == companyId && n.Title == title));

    [Theory]
    [InlineData(AtsKind.Workable)]
    [InlineData(AtsKind.Greenhouse)]
    [InlineData(AtsKind.Teamtailor)]
    [InlineData(AtsKind.Recruitee)]
    [InlineData(AtsKind.Lever)]
    public async Task A_linked_job_closed_in_the_ATS_holds_its_candidates_with_a_reason_until_it_reopens(AtsKind kind)
    {
        var (companyId, connectionId, accountId, linked) = await ImportedAsync($"Closed {kind} Co", kind);
        var emulator = EmulatorFor(kind);
        var versionBefore = (await LinkOfAsync(linked.Id)).Version;

        emulator.ChangeJob(accountId, linked.ExternalId, SandboxJobChange.Close);
        try
        {
            await fixture.SyncNowAsync(connectionId);

            var link = await LinkOfAsync(linked.Id);
            Assert.Equal(LinkHealth.ClosedInAts, link.Health);
            Assert.True(link.HoldsCandidates);
            Assert.Contains($"\"{linked.Title}\" was closed", link.HealthNotice);
            Assert.Contains("held", link.HealthNotice);
            Assert.Equal(versionBefore, link.Version);
            var vendor = emulator.DisplayName;
            var notification = await fixture.WaitForNotificationAsync(companyId, $"{vendor}: a mapped job changed");
            Assert.Contains(linked.Title, notification.Body);
            Assert.Equal($"/integrations/{kind.ToString().ToLowerInvariant()}/jobs?tab=map", notification.Link);
        }
        finally
        {
            emulator.ChangeJob(accountId, linked.ExternalId, SandboxJobChange.Reopen);
        }

        await fixture.SyncNowAsync(connectionId);
        var reopened = await LinkOfAsync(linked.Id);
        Assert.Equal(LinkHealth.Healthy, reopened.Health);
        Assert.Null(reopened.HealthNotice);
        Assert.False(reopened.HoldsCandidates);
    }

    [Fact]
    public async Task A_job_deleted_at_the_vendor_is_noticed_by_the_next_full_listing_and_no_longer_offered_for_import()
    {
        var (_, connectionId, accountId, linked) = await ImportedAsync("Deleted Co", AtsKind.Workable);

        EmulatorFor(AtsKind.Workable).ChangeJob(accountId, linked.ExternalId, SandboxJobChange.Delete);
        await fixture.SyncNowAsync(connectionId);
        Assert.Equal(LinkHealth.Healthy, (await LinkOfAsync(linked.Id)).Health);

        await fixture.SyncNowAsync(connectionId, full: true);

        var link = await LinkOfAsync(linked.Id);
        Assert.Equal(LinkHealth.DeletedInAts, link.Health);
        Assert.True(link.HoldsCandidates);
        Assert.Contains("no longer exists in Workable", link.HealthNotice);
        Assert.NotNull(await fixture.Portal.QueryAsync(db => db.AtsJobs.Where(a => a.Id == linked.Id).Select(a => a.MissingSince).SingleAsync()));
        var others = await fixture.Portal.QueryAsync(db => db.AtsJobs.CountAsync(a => a.ConnectionId == connectionId && a.Id != linked.Id && a.MissingSince != null));
        Assert.Equal(0, others);
    }

    [Fact]
    public async Task A_rename_is_reported_once_keeps_sending_and_linking_again_confirms_it()
    {
        var (companyId, connectionId, accountId, linked) = await ImportedAsync("Renamed Co", AtsKind.Workable);
        EmulatorFor(AtsKind.Workable).ChangeJob(accountId, linked.ExternalId, SandboxJobChange.Rename, "Staff Data Engineer");

        await fixture.SyncNowAsync(connectionId);
        await fixture.SyncNowAsync(connectionId);

        var link = await LinkOfAsync(linked.Id);
        Assert.Equal(LinkHealth.RenamedInAts, link.Health);
        Assert.False(link.HoldsCandidates);
        Assert.Contains($"\"{linked.Title}\" was renamed to \"Staff Data Engineer\"", link.HealthNotice);
        await fixture.WaitForNotificationAsync(companyId, "Workable: a mapped job changed");
        Assert.Equal(1, await NotificationCountAsync(companyId, "Workable: a mapped job changed"));

        await using (var scope = fixture.ScopeFor(companyId))
        {
            var relinked = await scope.ServiceProvider.GetRequiredService<JobLinker>()
                .LinkAsync(link.JobId, linked.Id, link.Version, LinkOrigin.Manual, "admin@test", default);
            Assert.True(relinked.Succeeded, relinked.Message);
        }
        await fixture.SyncNowAsync(connectionId);

        var confirmed = await LinkOfAsync(linked.Id);
        Assert.Equal(LinkHealth.Healthy, confirmed.Health);
        Assert.Equal("Staff Data Engineer", confirmed.TitleAtLink);
        Assert.Equal(1, await NotificationCountAsync(companyId, "Workable: a mapped job changed"));
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public Task The_job_page_says_where_candidates_go_and_why_they_are_held_once_the_ATS_job_closes() =>
        fixture.RunAsync(nameof(The_job_page_says_where_candidates_go_and_why_they_are_held_once_the_ATS_job_closes), async page =>
        {
            var (companyId, admin) = await fixture.Portal.CreateAsync("Job Page Health Co");
            var (connectionId, accountId) = await fixture.ConnectToAccountAsync(companyId, AtsKind.Teamtailor, 8);
            await using (var scope = fixture.ScopeFor(companyId))
                await scope.ServiceProvider.GetRequiredService<JobImporter>().ImportAsync(connectionId, false, true, "admin@test", null, default);
            var linked = await fixture.Portal.QueryAsync(db => db.JobLinks.Where(l => l.ConnectionId == connectionId)
                .OrderBy(l => l.Id).Select(l => new { l.JobId, l.AtsJob!.ExternalId, l.AtsJob.Title }).FirstAsync());

            await page.SignInAsync(admin);
            await page.GotoLiveAsync($"/jobs/{linked.JobId}");
            await Expect(page.Locator("#job-link")).ToContainTextAsync($"Mapped to Teamtailor job “{linked.Title}”");

            EmulatorFor(AtsKind.Teamtailor).ChangeJob(accountId, linked.ExternalId, SandboxJobChange.Close);
            await fixture.SyncNowAsync(connectionId);
            await page.ReloadAsync();
            await page.WaitForCircuitAsync();

            await Expect(page.Locator("#job-link-health")).ToContainTextAsync($"\"{linked.Title}\" was closed in Teamtailor. Candidates for");
            await Expect(page.Locator("#job-link-health")).ToContainTextAsync("are held");
            await Expect(page.Locator("#job-link")).ToHaveCountAsync(0);
        });

    [Theory]
    [InlineData("Backend Engineer", "Backend Engineer", AtsJobStatus.Open, false, LinkHealth.Healthy)]
    [InlineData("Backend Engineer", "Senior Backend Engineer", AtsJobStatus.Open, false, LinkHealth.RenamedInAts)]
    [InlineData("Backend Engineer", "Senior Backend Engineer", AtsJobStatus.Closed, false, LinkHealth.ClosedInAts)]
    [InlineData("Backend Engineer", "Backend Engineer", AtsJobStatus.Closed, true, LinkHealth.DeletedInAts)]
    [InlineData("Backend Engineer", "Backend Engineer", AtsJobStatus.Draft, false, LinkHealth.Healthy)]
    public void Deleted_outranks_closed_which_outranks_renamed(string titleAtLink, string atsTitle, AtsJobStatus status, bool missing, LinkHealth expected)
    {
        var (health, notice) = MappingHealthCheck.Assess("Lever", "Backend Engineer (Berlin)", titleAtLink, atsTitle, status, missing);

        Assert.Equal(expected, health);
        Assert.Equal(expected == LinkHealth.Healthy, notice is null);
    }
}
