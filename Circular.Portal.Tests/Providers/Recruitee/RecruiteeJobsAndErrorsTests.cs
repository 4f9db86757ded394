using System.Diagnostics;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Recruitee;

[Collection(SandboxCollection.Name)]
public sealed class RecruiteeJobsAndErrorsTests(SandboxFixture sandbox) : RecruiteeContract(sandbox)
{
    [Fact]
    public async Task Lists_jobs_across_three_pages()
    {
        var account = Emulator.AddAccount("Paging Co", 45);

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        // scope=not_archived leaves the 2 archived offers out; the 2 talent pools come back and are dropped: 20 + 20 + 5 offers.
        var expected = Emulator.Jobs(account.CompanyId).Where(j => j.Status != "archived").Select(j => j.Id).Order().ToList();
        Assert.Equal(43, expected.Count);
        Assert.Equal(expected, jobs.Select(j => j.ExternalId).Order());
    }

    [Fact]
    public async Task Talent_pools_listed_among_the_offers_are_not_jobs()
    {
        var account = Emulator.AddAccount("Pools Co", 5);

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.DoesNotContain(jobs, j => j.Title.Contains("talent pool", StringComparison.OrdinalIgnoreCase) || j.Title == "Open applications");
        Assert.Equal(Emulator.Jobs(account.CompanyId).Count(j => j.Status != "archived"), jobs.Count);
    }

    [Fact]
    public async Task An_internal_offer_is_open_but_internal_with_the_vendor_word()
    {
        var account = Emulator.AddAccount("Internal Co", 20);
        var internalId = Emulator.Jobs(account.CompanyId).First(j => j.Status == "internal").Id;

        var job = (await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync()).Single(j => j.ExternalId == internalId);

        Assert.Equal(AtsJobStatus.Open, job.Status);
        Assert.True(job.Internal);
        Assert.Equal("internal", job.VendorState);
    }

    [Fact]
    public async Task Normalises_offer_status_and_reads_job_fields()
    {
        var account = Emulator.AddAccount("Status Co", 20);
        var vendor = Emulator.Jobs(account.CompanyId).ToDictionary(j => j.Id);

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        foreach (var job in jobs)
        {
            var expected = vendor[job.ExternalId].Status switch
            {
                "published" or "internal" => AtsJobStatus.Open,
                "draft" => AtsJobStatus.Draft,
                _ => AtsJobStatus.Closed,
            };
            Assert.Equal(expected, job.Status);
            Assert.Equal(vendor[job.ExternalId].Title, job.Title);
            Assert.Equal(vendor[job.ExternalId].Location, job.Location);
            Assert.Equal(vendor[job.ExternalId].Department, job.Department);
            Assert.False(string.IsNullOrEmpty(job.EmploymentType));
            Assert.Contains("<p>", job.DescriptionHtml);
            Assert.NotNull(job.UpdatedAt);
        }
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Draft);
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Closed);
    }

    [Fact]
    public async Task Lists_only_jobs_updated_since_the_given_time()
    {
        var account = Emulator.AddAccount("Incremental Co", 30);
        var edited = Emulator.Jobs(account.CompanyId).Skip(3).Take(2).Select(j => j.Id).ToList();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        foreach (var id in edited) Emulator.EditOffer(account.CompanyId, id, "Renamed role " + id);

        var jobs = await Provider.ListJobsAsync(Connect(account), since, default).ToListAsync();

        Assert.Equal(edited.Order(), jobs.Select(j => j.ExternalId).Order());
        Assert.All(jobs, j => Assert.StartsWith("Renamed role", j.Title));
    }

    [Fact]
    public async Task Verifies_a_working_token_without_missing_permissions()
    {
        var account = Emulator.AddAccount("Verify Co", 1);

        var result = await Provider.VerifyAsync(Connect(account), default);

        Assert.Equal($"{account.Subdomain}.recruitee.com", result.Name);
        Assert.Empty(result.MissingPermissions);
    }

    [Fact]
    public async Task Reports_in_plain_words_that_a_jobs_only_user_cannot_see_candidates()
    {
        var account = Emulator.AddAccount("Jobs Only Co", 1);

        var result = await Provider.VerifyAsync(Connect(account, token: account.JobsOnlyToken), default);

        var missing = Assert.Single(result.MissingPermissions);
        Assert.Contains("candidates", missing);
    }

    [Fact]
    public async Task Wrong_token_is_an_auth_failure()
    {
        var account = Emulator.AddAccount("Wrong Token Co", 1);

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.VerifyAsync(Connect(account, token: "not-a-real-token"), default));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.DoesNotContain("not-a-real-token", e.Message);
    }

    [Fact]
    public async Task Wrong_company_id_is_permanent_and_names_the_company_id()
    {
        var account = Emulator.AddAccount("Wrong Company Co", 1);

        var e = await Assert.ThrowsAsync<AtsException>(() => Provider.VerifyAsync(Connect(account, company: "999999"), default));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("company id", e.Message);
        Assert.Contains("999999", e.Message);
    }

    [Fact]
    public async Task Revoked_token_is_an_auth_failure()
    {
        var account = Emulator.AddAccount("Revoked Co", 3);
        Emulator.Faults(account.CompanyId).Revoked = true;

        var e = await Assert.ThrowsAsync<AtsException>(async () => await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync());

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.Equal(401, e.StatusCode);
    }

    [Fact]
    public async Task Waits_out_a_429_with_retry_after_and_then_succeeds()
    {
        var account = Emulator.AddAccount("Rate Limited Co", 5);
        Emulator.Faults(account.CompanyId).ForceRateLimit(1, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.Equal(5, jobs.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}, before Retry-After");
    }

    [Fact]
    public async Task Server_errors_are_transient_after_retries()
    {
        var account = Emulator.AddAccount("Broken Co", 3);
        Emulator.Faults(account.CompanyId).ServerErrorRate = 1;

        var e = await Assert.ThrowsAsync<AtsException>(async () => await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync());

        Assert.Equal(AtsFailureKind.Transient, e.Kind);
        Assert.Equal(503, e.StatusCode);
    }

    [Fact]
    public async Task A_passing_server_error_is_retried_to_success()
    {
        var account = Emulator.AddAccount("Flaky Co", 3);
        Emulator.Faults(account.CompanyId).ForcedServerErrors = 2;

        var jobs = await Provider.ListJobsAsync(Connect(account), null, default).ToListAsync();

        Assert.Equal(3, jobs.Count);
    }
}
