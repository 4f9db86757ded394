using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Workable;

[Collection(SandboxCollection.Name)]
public sealed class WorkableJobsTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Lists_jobs_across_three_pages()
    {
        using var test = new WorkableTestAccount(fixture, jobCount: 25, settings: new Dictionary<string, string?> { ["Ats:Workable:PageSize"] = "10" });

        var jobs = await test.ListJobsAsync();

        Assert.Equal(25, jobs.Select(j => j.ExternalId).Distinct().Count());
        Assert.Equal(3, test.RequestCount("GET /spi/v3/jobs?"));
        Assert.Equal(new[] { AtsJobStatus.Open, AtsJobStatus.Closed, AtsJobStatus.Draft }.Order(), jobs.Select(j => j.Status).Distinct().Order());
    }

    [Fact]
    public async Task Lists_only_jobs_updated_since_the_given_time()
    {
        using var test = new WorkableTestAccount(fixture, jobCount: 12);
        var edited = test.Emulator.Jobs(test.Id)[4].Id;
        test.Emulator.UpdateJob(test.Id, edited, "Principal Backend Engineer");

        var jobs = await test.ListJobsAsync(DateTimeOffset.UtcNow.AddMinutes(-1));

        var job = Assert.Single(jobs);
        Assert.Equal(edited, job.ExternalId);
        Assert.Equal("Principal Backend Engineer", job.Title);
        Assert.Contains(test.Emulator.Requests(test.Id), r => r.Contains("updated_after=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Maps_title_location_department_description_and_status()
    {
        using var test = new WorkableTestAccount(fixture, jobCount: 10);
        var expected = test.Emulator.Jobs(test.Id);

        var jobs = (await test.ListJobsAsync()).ToDictionary(j => j.ExternalId);

        var first = jobs[expected[0].Id];
        Assert.Equal(expected[0].Title, first.Title);
        Assert.Equal(expected[0].Location, first.Location);
        Assert.Equal(expected[0].Department, first.Department);
        Assert.StartsWith("<p>", first.DescriptionHtml);
        Assert.Contains("<li>", first.DescriptionHtml);
        Assert.NotNull(first.UpdatedAt);
        Assert.NotNull(first.Url);
        Assert.Equal(AtsJobStatus.Open, first.Status);
        Assert.EndsWith("(Remote)", jobs[expected[2].Id].Location);
        Assert.Equal(AtsJobStatus.Draft, jobs[expected[8].Id].Status);
        Assert.Equal(AtsJobStatus.Closed, jobs[expected[9].Id].Status);
    }

    [Fact]
    public async Task Verify_reports_account_name_active_members_and_no_missing_scope()
    {
        using var test = new WorkableTestAccount(fixture);

        var account = await test.Provider.VerifyAsync(test.Connection, CancellationToken.None);

        Assert.Equal("Acme Test", account.Name);
        Assert.Equal(3, account.Users.Count);
        Assert.Contains(account.Users, u => u.Email == "maria.costa@example.com");
        Assert.Empty(account.MissingPermissions);
    }

    [Fact]
    public async Task Verify_names_missing_read_scopes_in_plain_words_and_sends_nothing_but_reads()
    {
        using var test = new WorkableTestAccount(fixture, scopes: ["r_jobs"]);

        var account = await test.Provider.VerifyAsync(test.Connection, CancellationToken.None);

        // w_candidates cannot be checked without writing: the first push confirms it.
        Assert.Contains("r_candidates", Assert.Single(account.MissingPermissions));
        Assert.Contains("follow the candidates", account.MissingPermissions[0]);
        Assert.True(test.Provider.Traits.WriteConfirmedByFirstPush);
        Assert.Equal(0, test.RequestCount("POST"));
        Assert.Empty(test.Emulator.StoredCandidates(test.Id));
    }

    [Fact]
    public async Task Verify_of_a_full_token_writes_nothing_to_the_account()
    {
        using var test = new WorkableTestAccount(fixture);

        var account = await test.Provider.VerifyAsync(test.Connection, CancellationToken.None);

        Assert.Empty(account.MissingPermissions);
        Assert.NotEmpty(test.Emulator.Requests(test.Id));
        Assert.All(test.Emulator.Requests(test.Id), r => Assert.StartsWith("GET ", r));
    }

    [Fact]
    public async Task Verify_with_a_wrong_token_is_an_auth_failure()
    {
        using var test = new WorkableTestAccount(fixture);
        var wrong = WorkableTestAccount.ConnectionWith(test.Id, "wk_not_a_real_token");

        var e = await Assert.ThrowsAsync<AtsException>(() => test.Provider.VerifyAsync(wrong, CancellationToken.None));

        Assert.Equal(AtsFailureKind.Auth, e.Kind);
        Assert.DoesNotContain("wk_not_a_real_token", e.Message);
    }

    [Fact]
    public async Task Verify_with_an_unknown_subdomain_is_permanent_and_names_the_subdomain()
    {
        using var test = new WorkableTestAccount(fixture);
        var wrong = WorkableTestAccount.ConnectionWith("no-such-company", test.Account.ApiToken);

        var e = await Assert.ThrowsAsync<AtsException>(() => test.Provider.VerifyAsync(wrong, CancellationToken.None));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
        Assert.Contains("'no-such-company'", e.Message);
        Assert.Contains("subdomain", e.Message);
    }

    [Theory]
    [InlineData("evil.com#")]
    [InlineData("169.254.169.254")]
    [InlineData("")]
    public async Task Refuses_a_subdomain_that_could_point_elsewhere(string subdomain)
    {
        using var test = new WorkableTestAccount(fixture);
        var wrong = WorkableTestAccount.ConnectionWith(subdomain, test.Account.ApiToken);

        var e = await Assert.ThrowsAsync<AtsException>(() => test.Provider.VerifyAsync(wrong, CancellationToken.None));

        Assert.Equal(AtsFailureKind.Permanent, e.Kind);
    }
}
