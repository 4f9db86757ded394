using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Lever;

[Collection(SandboxCollection.Name)]
public sealed class LeverJobsTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Lists_jobs_across_three_pages()
    {
        using var lever = new LeverTestAccount(fixture, jobCount: 25, settings: new Dictionary<string, string?> { ["Ats:Lever:PageSize"] = "10" });

        var jobs = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();

        Assert.Equal(25, jobs.Count);
        Assert.Equal(25, jobs.Select(j => j.ExternalId).Distinct().Count());
        Assert.Equal(lever.Emulator.Jobs(lever.Account.AccountId).Select(j => j.Id).Order(), jobs.Select(j => j.ExternalId).Order());
    }

    [Fact]
    public async Task Normalises_posting_states_and_reads_categories_and_content()
    {
        using var lever = new LeverTestAccount(fixture, jobCount: 20);

        var jobs = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();
        var stored = lever.Emulator.Jobs(lever.Account.AccountId).ToDictionary(j => j.Id);

        foreach (var job in jobs)
        {
            var state = stored[job.ExternalId].Status;
            var expected = state switch { "published" or "internal" => AtsJobStatus.Open, "closed" => AtsJobStatus.Closed, _ => AtsJobStatus.Draft };
            Assert.Equal(expected, job.Status);
            Assert.Equal(stored[job.ExternalId].Location, job.Location);
            Assert.Equal(stored[job.ExternalId].Department, job.Department);
        }
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Closed);
        Assert.Contains(jobs, j => j.Status == AtsJobStatus.Draft);
        Assert.All(jobs, j => Assert.Contains("<li>", j.DescriptionHtml));
        Assert.All(jobs, j => Assert.False(string.IsNullOrEmpty(j.EmploymentType)));
    }

    [Fact]
    public async Task Lists_only_postings_updated_since_the_given_time()
    {
        // The emulator spaces postings one hour apart, newest first.
        using var lever = new LeverTestAccount(fixture, jobCount: 30);

        var since = DateTimeOffset.UtcNow.AddHours(-5.5);
        var jobs = await lever.Provider.ListJobsAsync(lever.Connection, since, CancellationToken.None).ToListAsync();

        Assert.Equal(6, jobs.Count);
        Assert.All(jobs, j => Assert.True(j.UpdatedAt >= since));
    }

    [Fact]
    public async Task Verify_reports_the_site_and_active_users_with_nothing_missing()
    {
        using var lever = new LeverTestAccount(fixture);

        var account = await lever.Provider.VerifyAsync(lever.Connection, CancellationToken.None);

        Assert.StartsWith("test-co-", account.Name);
        Assert.Equal(4, account.Users.Count);
        Assert.Contains(account.Users, u => u.Id == lever.Account.UserId);
        Assert.Empty(account.MissingPermissions);
    }

    [Fact]
    public async Task Verify_names_missing_required_permissions_in_plain_words_and_not_the_optional_ones()
    {
        string[] scopes = ["offline_access", "users:read:admin", "opportunities:write:admin", "archive_reasons:read:admin"];
        using var lever = new LeverTestAccount(fixture, scopes: scopes);

        var account = await lever.Provider.VerifyAsync(lever.Connection, CancellationToken.None);

        Assert.StartsWith("Read job postings", Assert.Single(account.MissingPermissions));
    }

    [Fact]
    public async Task Verify_of_a_token_with_only_the_required_scopes_misses_nothing_although_webhooks_cannot_be_listed()
    {
        // GET /webhooks needs webhooks:read:admin, which the portal does not ask for: a 403 there must not block connecting.
        using var lever = new LeverTestAccount(fixture, scopes: [.. LeverRequired]);

        var account = await lever.Provider.VerifyAsync(lever.Connection, CancellationToken.None);

        Assert.Empty(account.MissingPermissions);
    }

    private static readonly string[] LeverRequired =
        ["offline_access", "postings:read:admin", "opportunities:write:admin", "archive_reasons:read:admin", "users:read:admin"];

    [Fact]
    public async Task Verify_with_a_wrong_token_is_an_auth_failure()
    {
        using var lever = new LeverTestAccount(fixture);

        var e = await Assert.ThrowsAsync<AtsException>(() => lever.Provider.VerifyAsync(lever.For("not-a-lever-token", "production"), CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.DoesNotContain("not-a-lever-token", e.Message);
    }

    [Fact]
    public async Task A_production_token_is_refused_by_the_sandbox_environment()
    {
        using var lever = new LeverTestAccount(fixture);

        var e = await Assert.ThrowsAsync<AtsException>(() => lever.Provider.VerifyAsync(lever.For(lever.Account.AccessToken, "sandbox"), CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
    }

    [Fact]
    public async Task Internal_and_confidential_postings_are_open_internal_jobs_with_Lever_s_own_state_word()
    {
        using var lever = new LeverTestAccount(fixture, jobCount: 10);
        var jobs = lever.Emulator.Jobs(lever.Account.AccountId);
        var unlisted = jobs.First(j => j.Status == "internal").Id;
        var secret = jobs.First(j => j.Status == "published").Id;
        lever.Emulator.SetConfidential(lever.Account.AccountId, secret, true);

        var listed = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();

        var internalJob = listed.Single(j => j.ExternalId == unlisted);
        Assert.Equal((AtsJobStatus.Open, true, "internal"), (internalJob.Status, internalJob.Internal, internalJob.VendorState));
        var confidential = listed.Single(j => j.ExternalId == secret);
        Assert.Equal((AtsJobStatus.Open, true, "published, confidential"), (confidential.Status, confidential.Internal, confidential.VendorState));
        Assert.All(listed.Where(j => j.VendorState == "published"), j => Assert.False(j.Internal));
    }

    [Fact]
    public async Task Without_confidential_access_the_confidential_postings_are_left_out_and_the_rest_listed()
    {
        using var lever = new LeverTestAccount(fixture, jobCount: 6, scopes: [.. LeverRequired]);
        var secret = lever.Emulator.Jobs(lever.Account.AccountId).First(j => j.Status == "published").Id;
        lever.Emulator.SetConfidential(lever.Account.AccountId, secret, true);

        var listed = await lever.Provider.ListJobsAsync(lever.Connection, null, CancellationToken.None).ToListAsync();

        Assert.Equal(5, listed.Count);
        Assert.DoesNotContain(listed, j => j.ExternalId == secret);
    }
}
