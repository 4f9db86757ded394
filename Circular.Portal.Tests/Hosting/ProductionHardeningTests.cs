using System.Net;
using Circular.Portal.Notifications;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Tests.Hosting;

/// <summary>
/// The portal as Production runs it, behind a TLS proxy at 10.0.0.5 (no real proxy: the requests carry the forwarded
/// headers a proxy would add, from the address it would call from).
/// </summary>
public sealed class ProductionHardeningTests(ProductionHardeningTests.Host host) : IClassFixture<ProductionHardeningTests.Host>
{
    private const string Proxy = "10.0.0.5";

    public sealed class Host : IDisposable
    {
        public PortalFactory Portal { get; } = new(environment: "Production",
            settings: new Dictionary<string, string?>(PortalFactory.ProductionSettings("https://portal.example")) { ["Proxy:KnownProxies"] = Proxy });

        public void Dispose() => Portal.Dispose();
    }

    private Task<HttpContext> SendAsync(string path, string hostName = "portal.example", string? from = Proxy, string? forwardedProto = "https") =>
        host.Portal.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString(hostName);
            c.Request.Path = path;
            if (from is not null) c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            if (forwardedProto is not null)
            {
                c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
                c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
            }
        });

    [Fact]
    public void Production_refuses_to_start_without_a_key_ring_certificate_and_says_what_to_set()
    {
        var settings = PortalFactory.ProductionSettings();
        settings.Remove("DataProtection:CertificatePath");
        using var portal = new PortalFactory(environment: "Production", settings: settings);

        var message = StartupFailure(portal);

        Assert.Contains("DataProtection:CertificatePath is not set", message);
        Assert.Contains("DataProtection__CertificatePath", message);
    }

    [Fact]
    public void Production_refuses_a_key_ring_certificate_kept_in_the_data_folder()
    {
        var folder = TestPaths.NewFolder("portal");
        var settings = PortalFactory.ProductionSettings();
        var inside = Path.Combine(folder, "keyring.pfx");
        File.Copy(settings["DataProtection:CertificatePath"]!, inside);
        settings["DataProtection:CertificatePath"] = inside;
        using var portal = new PortalFactory(environment: "Production", settings: settings, dataFolder: folder);

        Assert.Contains("is inside the data folder", StartupFailure(portal));
    }

    [Fact]
    public void Production_refuses_to_start_without_its_public_url_and_says_what_to_set()
    {
        var settings = PortalFactory.ProductionSettings();
        settings.Remove("Portal:PublicUrl");
        using var portal = new PortalFactory(environment: "Production", settings: settings);

        Assert.Contains("Portal__PublicUrl=https://", StartupFailure(portal));
    }

    [Fact]
    public void Production_refuses_a_public_url_that_is_not_https()
    {
        using var portal = new PortalFactory(environment: "Production", settings: PortalFactory.ProductionSettings("http://portal.example"));

        Assert.Contains("is not an https origin", StartupFailure(portal));
    }

    [Fact]
    public async Task The_key_ring_in_the_database_is_encrypted_by_the_certificate()
    {
        host.Portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("a secret");

        var keys = await host.Portal.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync());

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("unencrypted form", xml);
        });
    }

    [Fact]
    public async Task A_request_for_another_host_is_refused_and_never_redirected_there()
    {
        foreach (var from in new[] { Proxy, "203.0.113.9" })
        {
            var response = (await SendAsync("/jobs", hostName: "evil.example", from: from)).Response;

            Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
            Assert.DoesNotContain("evil.example", response.Headers.Location.ToString());
        }
    }

    [Fact]
    public async Task Behind_the_configured_proxy_requests_are_https_with_HSTS_and_Secure_cookies()
    {
        var login = (await SendAsync("/account/login")).Response;
        var jobs = (await SendAsync("/jobs")).Response;

        Assert.Equal(StatusCodes.Status200OK, login.StatusCode);
        Assert.StartsWith("max-age=", login.Headers.StrictTransportSecurity.ToString());
        var cookies = login.Headers.SetCookie.ToArray();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(StatusCodes.Status302Found, jobs.StatusCode);
        Assert.StartsWith("https://portal.example/account/login", jobs.Headers.Location.ToString());
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_configured_proxy_are_ignored()
    {
        var response = (await SendAsync("/jobs", from: "203.0.113.9")).Response;

        Assert.Equal(StatusCodes.Status307TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://portal.example/jobs", response.Headers.Location.ToString());
        Assert.True(string.IsNullOrEmpty(response.Headers.StrictTransportSecurity));
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_nosniff_and_a_referrer_policy()
    {
        var context = await SendAsync("/account/login");
        var response = context.Response;
        var body = await new StreamReader(response.Body).ReadToEndAsync();

        var csp = response.Headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var nonce = csp.Split("'nonce-")[1].Split('\'')[0];
        var importMap = System.Text.RegularExpressions.Regex.Match(body, "<script[^>]*importmap[^>]*>").Value;
        Assert.True(importMap.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal), $"import map tag: '{importMap}', head: {body[..Math.Min(body.Length, 1200)]}");
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers["Referrer-Policy"].ToString());
    }

    [Fact]
    public async Task In_Production_SMTP_requires_TLS_unless_security_is_explicitly_None()
    {
        await using var sink = new SmtpSink();
        var production = new TestEnvironment { EnvironmentName = "Production" };
        EmailSender Sender(string security) => new(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, Security = security }),
            Options.Create(new Circular.Portal.Marketplace.StorageOptions { DataFolder = TestPaths.NewFolder("mail") }),
            production, NullLogger<EmailSender>.Instance);

        await Assert.ThrowsAsync<NotSupportedException>(() => Sender("Auto").SendAsync("admin@example.com", "in clear text?", "no", default));
        Assert.Empty(sink.Messages);

        await Sender("None").SendAsync("admin@example.com", "to the local relay", "yes", default);
        Assert.Equal("to the local relay", (await sink.WaitForAsync(m => true)).Subject);
    }

    /// <summary>Starts the portal expecting it to refuse, and returns the refusal's message (however deep it is wrapped).</summary>
    private static string StartupFailure(PortalFactory portal)
    {
        var error = Assert.ThrowsAny<Exception>(() => portal.StartServer());
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException) messages.Add(e.Message);
        var refusal = messages.FirstOrDefault(m => m.Contains("refuses to start in Production", StringComparison.Ordinal));
        Assert.True(refusal is not null, "unexpected start failure: " + string.Join(" / ", messages));
        return refusal;
    }
}
