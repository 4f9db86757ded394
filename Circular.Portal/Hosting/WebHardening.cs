using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;

namespace Circular.Portal.Hosting;

/// <summary>
/// The web defaults a public portal needs, in one place: Production's required settings checked at start, the hosts
/// it answers taken from <c>Portal:PublicUrl</c>, forwarded headers accepted only from configured proxies (so a TLS
/// proxy makes requests https: HSTS, Secure cookies, right redirects), HTTPS redirection and HSTS outside Development,
/// security headers everywhere, and logs that never carry a secret.
/// </summary>
public static class WebHardening
{
    public static IHostApplicationBuilder AddWebHardening(this IHostApplicationBuilder builder)
    {
        ProductionRequirements.Enforce(builder.Configuration, builder.Environment);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        builder.AddSensitiveLogging();

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = List(configuration, "Proxy:KnownProxies");
            var networks = List(configuration, "Proxy:KnownNetworks");
            // Without configuration only a proxy on this machine (loopback) is believed, which is the framework's default.
            if (proxies.Count + networks.Count == 0) return;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        if (ProductionRequirements.PublicUrl(configuration) is { } publicUrl)
        {
            services.Configure<HostFilteringOptions>(options =>
            {
                var configured = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                options.AllowedHosts = [publicUrl.IdnHost, .. configured.Where(h => h != "*"), .. development ? ["localhost", "127.0.0.1", "[::1]"] : Array.Empty<string>()];
                options.IncludeFailureMessage = false;
            });
            services.Configure<HttpsRedirectionOptions>(options => options.HttpsPort = publicUrl.Scheme == Uri.UriSchemeHttps ? publicUrl.Port : 443);
        }

        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        if (!development)
        {
            // Behind the TLS proxy every request is https; cookies must never travel without it.
            services.ConfigureApplicationCookie(cookie => cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.Configure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.Always);
        }
        return builder;
    }

    /// <summary>The first middleware: forwarded headers, then HSTS and HTTPS redirection (not in Development), headers, request log.</summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
            app.UseCookiePolicy();
        }
        app.UseSecurityHeaders();
        app.UseHttpLogging();
        return app;
    }

    private static List<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { } single) values.Add(single);
        return values.SelectMany(v => (v ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }
}
