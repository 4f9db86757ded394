using System.Net;
using Circular.Portal.Data.Audit;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Support;

/// <summary>A CV download is a sensitive read: it is a line of the audit log, with who downloaded which candidate's CV.</summary>
public sealed class SensitiveReadAuditTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose() => _portal.Dispose();

    [Fact]
    public async Task Downloading_a_cv_is_audited_with_the_user_and_the_candidate()
    {
        var job = await _portal.PublishedJobIdAsync("Fjord Analytics");
        await new PlatformClient(_portal.CreateClient()).CreateApplicationWithCvAsync(
            PlatformClient.Fields("audit-cv", job, "audit.cv@example.com"), CvSamples.Pdf(), "cv.pdf");
        var candidate = await _portal.QueryAsync(db => db.Candidates.IgnoreQueryFilters().Where(c => c.Email == "audit.cv@example.com").Select(c => c.Id).SingleAsync());
        var company = await _portal.CompanyIdAsync("Fjord Analytics");
        using var admin = await SignIn.AsAsync(_portal, "admin@fjord.example");

        using var response = await admin.GetAsync($"/files/cv/{candidate}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await _portal.QueryAsync(db => db.Set<AuditEntry>().SingleAsync(a => a.Action == "Cv.Downloaded"));
        Assert.Equal(company, row.CompanyId);
        Assert.Equal($"Candidate {candidate}", row.Target);
        Assert.NotNull(row.RealUserId);
        Assert.Equal(row.RealUserId, row.EffectiveUserId);
        Assert.Null(row.ImpersonationSessionId);
    }
}
