using System.Net;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Jobs;

[Collection(IntegrationCollection.Name)]
public sealed class AtsJobsPageAccessTests(IntegrationFixture fixture)
{
    [Fact]
    public async Task Support_staff_without_a_company_are_refused_the_import_and_map_page()
    {
        using var client = await SignedInAsync("support@circular.example");

        var response = await client.GetAsync("/integrations/workable/jobs?tab=map");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_company_admin_without_that_connection_is_told_to_connect_first()
    {
        var (_, admin) = await fixture.Portal.CreateAsync("Unconnected Co");
        using var client = await SignedInAsync(admin);

        var page = await client.GetStringAsync("/integrations/recruitee/jobs");

        Assert.Contains("Recruitee is not connected", page);
    }

    /// <summary>A cookie-holding client signed in through the real form of the portal on Kestrel.</summary>
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = fixture.BaseUrl,
        };
        var (status, _) = await SignIn.PostLoginAsync(client, email, Circular.Portal.Accounts.DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, status);
        return client;
    }
}
