using Circular.Portal.Jobs;

namespace Circular.Portal.Tests.Jobs;

/// <summary>Imported descriptions keep only absolute https and mailto links: nothing that resolves against the portal or another host.</summary>
public sealed class DescriptionSanitizerLinkTests
{
    private readonly DescriptionSanitizer _sanitizer = new();

    [Theory]
    [InlineData("//evil.example/login")]
    [InlineData("///evil.example/login")]
    [InlineData("/\\evil.example/login")]
    [InlineData("\\\\evil.example/login")]
    [InlineData("/account/logout")]
    [InlineData("../jobs/1")]
    [InlineData("jobs/1")]
    [InlineData("?tab=map")]
    [InlineData("#top")]
    [InlineData("https:evil.example")]
    [InlineData("http://example.com/apply")]
    public void Drops_protocol_relative_relative_and_non_https_links(string href)
    {
        var clean = _sanitizer.Sanitize($"<p>Apply <a href=\"{href}\">here</a></p>");

        Assert.DoesNotContain("href", clean, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("here", clean);
    }

    [Theory]
    [InlineData("https://example.com/apply?job=1")]
    [InlineData("mailto:jobs@example.com")]
    public void Keeps_absolute_https_and_mailto_links(string href)
    {
        var clean = _sanitizer.Sanitize($"<p><a href=\"{href}\">apply</a></p>");

        Assert.Contains($"href=\"{href}\"", clean);
    }
}
