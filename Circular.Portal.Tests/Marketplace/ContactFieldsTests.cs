using System.Net;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Api;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Marketplace;

/// <summary>A candidate's email is one bare address; a LinkedIn address is stored only as https://www.linkedin.com/in/{name}.</summary>
public sealed class ContactFieldsTests
{
    private readonly NewApplicationRequestValidator _validator = new();

    private static NewApplicationRequest Valid() => new()
    {
        PlatformApplicationId = "contact-1",
        JobId = 1,
        FirstName = "Ada",
        LastName = "Lovelace",
        Email = "ada@example.com",
    };

    [Theory]
    [InlineData("ada@example.com\r\nBcc: everyone@example.com")]
    [InlineData("ada@example.com\nBcc: everyone@example.com")]
    [InlineData("Ada Lovelace <ada@example.com>")]
    [InlineData("\"Ada\" <ada@example.com>")]
    [InlineData("ada@example.com, eve@example.com")]
    [InlineData("ada@example.com;eve@example.com")]
    [InlineData("ada lovelace@example.com")]
    [InlineData("ada@example.com\u0000")]
    public void An_email_with_line_breaks_a_display_name_or_a_second_address_is_refused(string email)
    {
        var request = Valid();
        request.Email = email;

        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == nameof(NewApplicationRequest.Email));
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+cv@mail.example.co.uk")]
    public void A_bare_address_is_accepted(string email)
    {
        var request = Valid();
        request.Email = email;

        Assert.True(_validator.Validate(request).IsValid);
    }

    [Theory]
    [InlineData("https://www.linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace")]
    [InlineData("https://linkedin.com/in/ada-lovelace/", "https://www.linkedin.com/in/ada-lovelace")]
    [InlineData("https://uk.linkedin.com/in/ada-lovelace?trk=public_profile#about", "https://www.linkedin.com/in/ada-lovelace")]
    [InlineData("HTTPS://WWW.LINKEDIN.COM/in/ada_lovelace", "https://www.linkedin.com/in/ada_lovelace")]
    [InlineData(" https://m.linkedin.com/in/ada-l-1815 ", "https://www.linkedin.com/in/ada-l-1815")]
    public void LinkedIn_addresses_are_normalised_to_the_www_profile_form(string given, string stored) =>
        Assert.Equal(stored, ContactFields.NormaliseLinkedIn(given));

    [Theory]
    [InlineData("https://user:pass@www.linkedin.com/in/ada")]
    [InlineData("https://evil.example@www.linkedin.com/in/ada")]
    [InlineData("https://www.linkedin.com:8443/in/ada")]
    [InlineData("https://www.linkedin.com:443/in/ada")]
    [InlineData("https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fevil.example")]
    [InlineData("https://www.linkedin.com/slink?code=abc")]
    [InlineData("https://lnkd.in/abc123")]
    [InlineData("https://www.linkedin.com/authwall?sessionRedirect=https://evil.example")]
    [InlineData("https://www.linkedin.com/in/ada/../../redir/redirect")]
    [InlineData("https://www.linkedin.com/company/circular")]
    [InlineData("https://linkedin.com.evil.example/in/ada")]
    [InlineData("https://evil.example/in/ada")]
    [InlineData("javascript://www.linkedin.com/in/ada")]
    [InlineData("//www.linkedin.com/in/ada")]
    public void LinkedIn_addresses_with_credentials_ports_redirectors_or_other_paths_are_refused(string url)
    {
        var request = Valid();
        request.LinkedInUrl = url;

        Assert.Null(ContactFields.NormaliseLinkedIn(url));
        Assert.Contains(_validator.Validate(request).Errors, e => e.PropertyName == nameof(NewApplicationRequest.LinkedInUrl));
    }

    [Fact]
    public async Task The_platform_API_stores_the_normalised_LinkedIn_address_and_refuses_a_crafted_email()
    {
        using var portal = new PortalFactory();
        var platform = new PlatformClient(portal.CreateClient());
        var jobId = await portal.PublishedJobIdAsync("Northwind Robotics");

        var created = await platform.CreateApplicationAsync(new
        {
            platformApplicationId = "contact-api-1", jobId, firstName = "Grace", lastName = "Hopper",
            email = "grace@example.com", linkedInUrl = "https://uk.linkedin.com/in/grace-hopper/?trk=feed",
        });
        var crafted = await platform.CreateApplicationAsync(new
        {
            platformApplicationId = "contact-api-2", jobId, firstName = "Eve", lastName = "Crafted",
            email = "eve@example.com\r\nBcc: all@example.com",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("https://www.linkedin.com/in/grace-hopper",
            await portal.QueryAsync(db => db.Candidates.Where(c => c.Email == "grace@example.com").Select(c => c.LinkedInUrl).SingleAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, crafted.StatusCode);
        Assert.Equal(0, await portal.QueryAsync(db => db.Applications.CountAsync(a => a.PlatformApplicationId == "contact-api-2")));
    }
}
