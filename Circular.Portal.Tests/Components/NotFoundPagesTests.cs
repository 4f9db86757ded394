using System.Net;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Components;

/// <summary>Addresses that lead nowhere get the portal's own Not found page, signed in or not.</summary>
public sealed class NotFoundPagesTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose() => _portal.Dispose();

    [Theory]
    [InlineData("/jobs/abc")]
    [InlineData("/no-such-page")]
    [InlineData("/integrations/nosuchvendor/settings")]
    public async Task An_unknown_address_shows_the_not_found_page_to_a_signed_in_admin(string path)
    {
        using var client = await SignIn.AsAsync(_portal, "admin@northwind.example");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("id=\"not-found\"", await response.Content.ReadAsStringAsync());
    }
}
