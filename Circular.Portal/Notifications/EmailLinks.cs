using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Circular.Portal.Notifications;

/// <summary>
/// Absolute links for emails, which are read outside the portal and written by workers that have no request to take a
/// host from: <c>Portal:PublicUrl</c>, or in Development the first address the portal listens on (or is configured with).
/// </summary>
public sealed class EmailLinks(IConfiguration configuration, IServiceProvider services, IWebHostEnvironment env, ILogger<EmailLinks> log)
{
    private int _warned;

    public Uri Base()
    {
        var configured = configuration["Portal:PublicUrl"];
        if (!string.IsNullOrWhiteSpace(configured)) return WithSlash(configured);
        var known = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
                    ?? "http://localhost:5000";
        if (!env.IsDevelopment() && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            log.LogWarning("Portal:PublicUrl is not set; email links use {Address}, which readers outside this machine may not reach", known);
        }
        // "http://+:80" and "http://*:80" bind every interface; a link needs a host name.
        return WithSlash(known.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost"));
    }

    /// <summary>An absolute link to a portal path such as <c>/integrations</c>; absolute links are returned as they are.</summary>
    public string Absolute(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.ToString()
            : new Uri(Base(), link.TrimStart('/')).ToString();

    private static Uri WithSlash(string root) => new(root.TrimEnd('/') + "/");
}
