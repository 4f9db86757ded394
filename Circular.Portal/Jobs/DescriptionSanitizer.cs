using AngleSharp;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Circular.Portal.Jobs;

/// <summary>Keeps only harmless formatting from vendor job descriptions (an allow-list); scripts, styles and handlers go.</summary>
public sealed class DescriptionSanitizer
{
    private readonly HtmlSanitizer _sanitizer;

    /// <summary>
    /// One parser per thread, reused: the library's default builds a parser and a browsing context with CSS support for
    /// every call, which cost about as much as parsing a description. No CSS is needed (no style survives the allow-list).
    /// A parser is not thread-safe, and <see cref="Sanitize"/> runs synchronously, so a thread's own parser is never shared.
    /// </summary>
    [ThreadStatic] private static HtmlParser? _parser;

    private static readonly AngleSharp.IConfiguration ParserConfiguration = Configuration.Default;

    public DescriptionSanitizer() : this(reuseParser: true)
    {
    }

    /// <param name="reuseParser">False keeps the library's parser per call (for the benchmark's before / after).</param>
    internal DescriptionSanitizer(bool reuseParser)
    {
        _sanitizer = new HtmlSanitizer();
        if (reuseParser) _sanitizer.HtmlParserFactory = () => _parser ??= new HtmlParser(new HtmlParserOptions(), BrowsingContext.New(ParserConfiguration));
        _sanitizer.AllowedTags.Clear();
        foreach (var tag in new[] { "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "blockquote", "a" })
            _sanitizer.AllowedTags.Add(tag);
        _sanitizer.AllowedAttributes.Clear();
        _sanitizer.AllowedAttributes.Add("href");
        _sanitizer.AllowedSchemes.Clear();
        _sanitizer.AllowedSchemes.Add("https");
        _sanitizer.AllowedSchemes.Add("mailto");
        _sanitizer.AllowedCssProperties.Clear();
        _sanitizer.AllowDataAttributes = false;
        // The scheme list alone lets relative and protocol-relative links through ("//evil.example", "/account/logout"):
        // they resolve against the portal or another host. Only absolute https and mailto links stay.
        _sanitizer.FilterUrl += (_, e) =>
        {
            if (!IsAbsoluteLink(e.OriginalUrl)) e.SanitizedUrl = null;
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        _sanitizer.AllowedAttributes.Add("rel");
        _sanitizer.AllowedAttributes.Add("target");
    }

    /// <summary>An absolute https URL with a host, or a mailto address, written without tricks (no backslashes or spaces).</summary>
    public static bool IsAbsoluteLink(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')) return false;
        if (url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return url.Length > "mailto:".Length && url.Contains('@');
        return url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && !string.IsNullOrEmpty(uri.Host)
            && string.IsNullOrEmpty(uri.UserInfo);
    }

    public string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : _sanitizer.Sanitize(html).Trim();

    /// <summary>True when the text holds markup (imported from an ATS) rather than plain text typed in the portal.</summary>
    public static bool LooksLikeHtml(string? text) => text is not null && text.Contains('<') && text.Contains('>');
}
