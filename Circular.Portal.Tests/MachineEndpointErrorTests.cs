using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circular.Portal.Data;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Api;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests;

/// <summary>
/// In Production an unexpected failure on a machine endpoint answers 500 with problem+json, never the HTML error page.
/// A test-only header makes the request's tenant context fail to resolve: the first thing every machine endpoint needs.
/// </summary>
public sealed class MachineEndpointErrorTests(MachineEndpointErrorTests.Host host) : IClassFixture<MachineEndpointErrorTests.Host>
{
    private const string FailHeader = "X-Test-Fail";

    public sealed class Host : IDisposable
    {
        // Production with its required settings (public URL, key-ring certificate), reached at that public https address.
        public PortalFactory Factory { get; } = new(environment: "Production", settings: PortalFactory.ProductionSettings(), configure: web =>
        {
            web.ConfigureTestServices(services => services.AddScoped(sp =>
                sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request.Headers.ContainsKey(FailHeader) == true
                    ? throw new InvalidOperationException("test failure with internals that must not leak")
                    : new TenantContext(sp)));
        });

        public void Dispose() => Factory.Dispose();
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/marketplace/applications" },
        { "POST", "/hooks/workable/abcdef0123456789" },
        { "GET", "/public/cv/{signed}" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_unexpected_failure_answers_500_problem_json_without_internals(string method, string path)
    {
        if (path.Contains("{signed}")) path = host.Factory.Services.GetRequiredService<CvLinks>().CreatePath(1);
        using var http = host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://portal.example"),
        });
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(FailHeader, "1");
        request.Headers.Add(PlatformApiKeyFilter.HeaderName, PortalFactory.PlatformKey);
        if (method == "POST") request.Content = JsonContent.Create(new { platformApplicationId = "err-1", jobId = 1, firstName = "A", lastName = "B", email = "a@b.example" });

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("must not leak", body);
    }
}
