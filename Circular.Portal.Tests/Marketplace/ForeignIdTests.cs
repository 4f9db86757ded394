using System.Net;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Marketplace;

/// <summary>Every page and endpoint that takes an id answers 404 for another company's id, and works for one's own.</summary>
public sealed class ForeignIdTests(ForeignIdTests.Host host) : IClassFixture<ForeignIdTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public PortalFactory Factory { get; } = new();
        public int FjordJob { get; private set; }
        public int FjordCandidate { get; private set; }
        public int NorthwindJob { get; private set; }
        public int NorthwindCandidate { get; private set; }

        public async Task InitializeAsync()
        {
            FjordJob = await Factory.PublishedJobIdAsync("Fjord Analytics");
            NorthwindJob = await Factory.PublishedJobIdAsync("Northwind Robotics");
            var fjord = await Factory.CompanyIdAsync("Fjord Analytics");
            var northwind = await Factory.CompanyIdAsync("Northwind Robotics");
            FjordCandidate = await Factory.QueryAsync(db => db.Candidates.Where(c => c.CompanyId == fjord).Select(c => c.Id).FirstAsync());
            NorthwindCandidate = await Factory.QueryAsync(db => db.Candidates.Where(c => c.CompanyId == northwind).Select(c => c.Id).FirstAsync());
            // Give the Fjord candidate a CV so its download exists for its owner.
            var platform = new PlatformClient(Factory.CreateClient());
            await platform.CreateApplicationWithCvAsync(PlatformClient.Fields("foreign-cv", FjordJob, "foreign.cv@example.com"), CvSamples.Pdf(), "cv.pdf");
            FjordCandidate = await Factory.QueryAsync(db => db.Candidates.Where(c => c.Email == "foreign.cv@example.com").Select(c => c.Id).SingleAsync());
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string> Paths => ["/jobs/{job}", "/candidates/{candidate}", "/files/cv/{candidate}"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Another_companys_id_is_not_found(string template)
    {
        var client = await SignIn.AsAsync(host.Factory, "admin@northwind.example");

        var response = await client.GetAsync(Fill(template, host.FjordJob, host.FjordCandidate));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_owning_company_can_open_it(string template)
    {
        var client = await SignIn.AsAsync(host.Factory, "admin@fjord.example");

        var response = await client.GetAsync(Fill(template, host.FjordJob, host.FjordCandidate));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        var client = host.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/jobs/{host.NorthwindJob}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery);
    }

    private static string Fill(string template, int job, int candidate) =>
        template.Replace("{job}", job.ToString()).Replace("{candidate}", candidate.ToString());
}
