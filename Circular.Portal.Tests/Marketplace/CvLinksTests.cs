using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Marketplace;

public sealed class CvLinksTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CvLinks _links;

    public CvLinksTests()
    {
        var folder = TestPaths.NewFolder("links");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:PublicUrl"] = "https://portal.example/" }).Build();
        _links = new CvLinks(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder, "keys"))), _clock, configuration);
    }

    [Fact]
    public void A_fresh_link_is_valid_for_its_candidate_and_names_its_push()
    {
        var (id, token) = Parse(_links.CreatePath(42, pushId: 7));
        Assert.Equal(42, id);
        var claim = _links.Read(id, token);
        Assert.NotNull(claim);
        Assert.Equal(7, claim.PushId);
    }

    [Fact]
    public void A_link_for_a_vendor_is_absolute_on_the_public_url()
    {
        var url = _links.CreateUrl(42, 7, TimeSpan.FromHours(24));
        Assert.StartsWith("https://portal.example/public/cv/42?t=", url.AbsoluteUri);
    }

    [Fact]
    public void A_link_expires_after_its_lifetime()
    {
        var (id, token) = Parse(_links.CreatePath(42, lifetime: TimeSpan.FromMinutes(5)));
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.False(_links.IsValid(id, token));
    }

    [Fact]
    public void A_link_cannot_be_moved_to_another_candidate_or_tampered_with()
    {
        var (id, token) = Parse(_links.CreatePath(42));
        Assert.True(_links.IsValid(id, token));
        Assert.False(_links.IsValid(43, token));
        Assert.False(_links.IsValid(id, token[..^2] + (token[^2] == 'a' ? "b" : "a") + token[^1]));
        Assert.False(_links.IsValid(id, null));
    }

    private static (int Id, string Token) Parse(string path)
    {
        var uri = new Uri("http://portal" + path);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        return (int.Parse(uri.Segments[^1]), query["t"]!);
    }
}
