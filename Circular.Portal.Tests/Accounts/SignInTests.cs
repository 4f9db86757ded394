using System.Net;
using Circular.Portal.Accounts;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Accounts;

public sealed class SignInTests(SignInTests.Host host) : IClassFixture<SignInTests.Host>
{
    public sealed class Host : IDisposable
    {
        public PortalFactory Factory { get; } = new();
        public void Dispose() => Factory.Dispose();
    }

    private HttpClient NewClient() => host.Factory.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task The_demo_admin_signs_in_and_sees_the_company_name()
    {
        var client = await SignIn.AsAsync(host.Factory, "admin@northwind.example");

        var jobs = await client.GetStringAsync("/jobs");

        Assert.Contains("Northwind Robotics", jobs);
        Assert.DoesNotContain("Fjord Analytics", jobs);
    }

    [Fact]
    public async Task A_wrong_password_shows_a_message_and_sets_no_cookie()
    {
        var client = NewClient();

        var (status, body) = await SignIn.PostLoginAsync(client, "admin@fjord.example", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("That email and password do not match an account.", body);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/jobs")).StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var (_, admin) = await host.Factory.CreateAsync("Lockout Co");
        var client = NewClient();
        for (var i = 0; i < 5; i++) await SignIn.PostLoginAsync(client, admin, "wrong-password");

        var (status, body) = await SignIn.PostLoginAsync(client, admin, DemoSeeder.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("locked after too many failed attempts", body);
    }

    [Fact]
    public async Task Sign_out_requires_the_antiforgery_token()
    {
        var client = await SignIn.AsAsync(host.Factory, "admin@fjord.example");

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs")).StatusCode);
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/integrations")]
    [InlineData("/candidates")]
    public async Task Support_staff_without_a_company_are_refused_company_pages(string path)
    {
        var client = await SignIn.AsAsync(host.Factory, "support@circular.example");

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location?.OriginalString.Replace(client.BaseAddress!.ToString(), "/"));
    }
}
