using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Marketplace;

public sealed class CvLinksTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CvLinks _links;

    public CvLinksTests()
    {
        var folder = TestPaths.NewFolder("links");
        var store = new CvStore(Options.Create(new StorageOptions { DataFolder = folder }), new TestEnvironment(folder));
        _links = new CvLinks(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder, "keys"))), _clock, store);
    }

    [Fact]
    public void A_fresh_link_is_valid_for_its_candidate()
    {
        var (id, exp, sig) = Parse(_links.CreatePath(42));
        Assert.Equal(42, id);
        Assert.True(_links.IsValid(id, exp, sig));
    }

    [Fact]
    public void A_link_expires_after_its_lifetime()
    {
        var (id, exp, sig) = Parse(_links.CreatePath(42, TimeSpan.FromMinutes(5)));
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.False(_links.IsValid(id, exp, sig));
    }

    [Fact]
    public void A_link_cannot_be_moved_to_another_candidate_or_extended()
    {
        var (id, exp, sig) = Parse(_links.CreatePath(42));
        Assert.False(_links.IsValid(43, exp, sig));
        Assert.False(_links.IsValid(id, exp + 3600, sig));
        Assert.False(_links.IsValid(id, exp, sig[..^1] + (sig[^1] == 'a' ? 'b' : 'a')));
        Assert.False(_links.IsValid(id, exp, null));
    }

    private static (int Id, long Exp, string Sig) Parse(string path)
    {
        var uri = new Uri("http://portal" + path);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        return (int.Parse(uri.Segments[^1]), long.Parse(query["exp"]!), query["sig"]!);
    }
}
