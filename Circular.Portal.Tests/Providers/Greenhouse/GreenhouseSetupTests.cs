using Circular.Portal.Providers;
using Circular.Portal.Providers.Greenhouse;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Greenhouse;

/// <summary>
/// What a real new Greenhouse organization looks like: no candidate source named "Circular", and people who approve
/// without being Site Admins. Neither refuses the connection; both are set-up items the wizard walks through.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class GreenhouseSetupTests(SandboxFixture fixture)
{
    private static AtsSetupItem Item(AtsAccount account, string key) => account.Setup.Single(s => s.Key == key);

    [Fact]
    public async Task An_organization_without_a_Circular_source_is_verified_and_the_set_up_says_how_to_add_it()
    {
        using var gh = GreenhouseTestAccount.Create(fixture, circularSource: false);

        var before = await gh.Provider.VerifyAsync(gh.Connection, default);
        gh.Emulator.AddSource(gh.AccountId, "Circular");
        var after = await gh.Provider.VerifyAsync(gh.Connection, default);

        Assert.Empty(before.MissingPermissions);
        Assert.False(Item(before, GreenhouseProvider.SetupSource).Done);
        Assert.Contains("Configure → Custom Options → Sources", Item(before, GreenhouseProvider.SetupSource).HowTo);
        Assert.True(Item(before, GreenhouseProvider.SetupSiteAdmin).Done);
        Assert.True(Item(after, GreenhouseProvider.SetupSource).Done);
    }

    [Fact]
    public async Task A_person_who_is_not_a_Site_Admin_is_verified_and_the_set_up_says_what_Greenhouse_needs()
    {
        using var gh = GreenhouseTestAccount.Create(fixture);
        var basic = gh.Emulator.AddNonAdminGrant(gh.AccountId);

        var account = await gh.Provider.VerifyAsync(gh.ConnectionWith(basic.AccessToken), default);

        Assert.Empty(account.MissingPermissions);
        var siteAdmin = Item(account, GreenhouseProvider.SetupSiteAdmin);
        Assert.False(siteAdmin.Done);
        Assert.Contains("Site Admin", siteAdmin.HowTo);
        Assert.Contains("basic", siteAdmin.HowTo);
    }

    [Theory]
    [InlineData("site_admin", true)]
    [InlineData("Site Admin", true)]
    [InlineData("site-admin", true)]
    [InlineData("SITE_ADMIN", true)]
    [InlineData("basic", false)]
    [InlineData("job_admin", false)]
    [InlineData(null, false)]
    public void The_role_claim_reads_as_Site_Admin_however_it_is_spelled(string? role, bool siteAdmin) =>
        Assert.Equal(siteAdmin, GreenhouseProvider.IsSiteAdmin(role));

    [Fact]
    public async Task Candidates_go_in_without_a_source_until_Circular_exists_and_with_it_afterwards()
    {
        using var gh = GreenhouseTestAccount.Create(fixture, circularSource: false);
        var job = await gh.OpenJobAsync();

        await gh.Provider.PushCandidateAsync(gh.Connection, GreenhouseTestAccount.Push("circular-app-1", job.ExternalId, "first@example.org"), default);
        gh.Emulator.AddSource(gh.AccountId, "Circular");
        await gh.Provider.PushCandidateAsync(gh.Connection, GreenhouseTestAccount.Push("circular-app-2", job.ExternalId, "second@example.org"), default);

        var stored = gh.Emulator.StoredCandidates(gh.AccountId);
        Assert.Null(stored.Single(c => c.Emails.Contains("first@example.org")).Applications.Single().Source);
        Assert.Equal("Circular", stored.Single(c => c.Emails.Contains("second@example.org")).Applications.Single().Source);
    }
}
