namespace Circular.Portal.Connections;

/// <summary>
/// The portal's public address, for URLs handed to vendors (OAuth redirect, webhook endpoint). From <c>Portal:PublicUrl</c>,
/// or the address the admin is using when it is not configured.
/// </summary>
public sealed class PortalUrls(IConfiguration configuration)
{
    public Uri PublicBase(Uri requestBase)
    {
        var configured = configuration["Portal:PublicUrl"];
        var root = string.IsNullOrWhiteSpace(configured) ? requestBase.GetLeftPart(UriPartial.Authority) : configured;
        return new Uri(root.TrimEnd('/') + "/");
    }

    public Uri OAuthCallback(Uri requestBase) => new(PublicBase(requestBase), "connections/oauth/callback");

    public Uri Webhook(Uri requestBase, AtsConnection connection) =>
        new(PublicBase(requestBase), $"hooks/{connection.Kind.ToString().ToLowerInvariant()}/{connection.PublicId}");
}
