using System.Net;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Providers;
using Circular.Portal.Support;
using Circular.Portal.Sync.Push;
using Circular.Portal.Tests.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Support;

/// <summary>
/// The support console lists every company with its connections' health, problems first; nobody else reaches it, neither
/// by URL nor by calling its feature methods (the refusal is audited). The audit log is append-only; the company admin
/// reads the support visits on Activity.
/// </summary>
public sealed class SupportConsoleTests(StatusTestBed bed) : IClassFixture<StatusTestBed>
{
    [Fact]
    public async Task Support_sees_every_company_with_problems_first_and_can_search()
    {
        var healthy = await bed.PushedAsync(AtsKind.Workable);
        var troubled = await bed.PushedAsync(AtsKind.Lever);
        await bed.LinkJobAndFailPushAsync(troubled);

        await using var scope = bed.ScopeAs(await bed.SupportAsync());
        var console = scope.ServiceProvider.GetRequiredService<SupportConsole>();
        var companies = await console.CompaniesAsync(null, problemsOnly: false, default);

        Assert.Equal(troubled.CompanyId, companies[0].Id);
        Assert.Equal(1, companies[0].DeadLetters);
        Assert.Contains(companies[0].Connections.Single().Health.Problems, p => p.Key == "dead-letters");
        Assert.Contains(companies, c => c.Id == healthy.CompanyId && c.Problems == 0);
        Assert.Contains(companies, c => c.Name == "Northwind Robotics");

        var onlyProblems = await console.CompaniesAsync(null, problemsOnly: true, default);
        Assert.DoesNotContain(onlyProblems, c => c.Id == healthy.CompanyId);
        var byName = await console.CompaniesAsync("northwind", problemsOnly: false, default);
        Assert.Equal("Northwind Robotics", Assert.Single(byName).Name);
        var company = await console.CompanyAsync(troubled.CompanyId, default);
        Assert.Equal(troubled.ConnectionId, company!.Connections.Single().Health.Connection.Id);
    }

    [Fact]
    public async Task A_company_admin_calling_the_console_directly_is_refused_and_audited()
    {
        var pushed = await bed.PushedAsync();
        await using var scope = bed.ScopeAs(await bed.PrincipalOfAsync(pushed.AdminId));
        var console = scope.ServiceProvider.GetRequiredService<SupportConsole>();

        await Assert.ThrowsAsync<ActorRefusedException>(() => console.CompaniesAsync(null, false, default));
        await Assert.ThrowsAsync<ActorRefusedException>(() => console.CompanyAsync(pushed.CompanyId, default));
        await Assert.ThrowsAsync<ActorRefusedException>(() => console.AuditAsync(null, default));

        var refused = (await bed.AuditOfCompanyAsync(pushed.CompanyId)).Where(a => a.Outcome == AuditOutcome.Refused).ToList();
        Assert.Equal(["SupportConsole.Companies", "SupportConsole.Company", "SupportConsole.Audit"], refused.Select(a => a.Action));
        Assert.All(refused, a => Assert.Equal(pushed.AdminId, a.RealUserId));
    }

    [Fact]
    public async Task Support_viewing_as_a_company_cannot_use_the_console_either()
    {
        var pushed = await bed.PushedAsync();
        await using var scope = bed.ScopeAs(await bed.ViewAsAsync(pushed.CompanyId));

        await Assert.ThrowsAsync<ActorRefusedException>(() => scope.ServiceProvider.GetRequiredService<SupportConsole>().CompaniesAsync(null, false, default));
    }

    [Fact]
    public async Task The_console_is_refused_by_url_to_a_company_admin_and_served_to_support()
    {
        using var admin = await SignIn.AsAsync(bed.Portal, "admin@northwind.example");
        using var refused = await admin.GetAsync("/support");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/access-denied", refused.Headers.Location!.ToString());

        using var support = await SignIn.AsAsync(bed.Portal, SupportKit.SupportEmail);
        using var served = await support.GetAsync("/support");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("Support console", await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_rows_can_be_neither_updated_nor_deleted()
    {
        var pushed = await bed.PushedAsync();
        await bed.ViewAsAsync(pushed.CompanyId);
        await using var scope = bed.SystemScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var row = await db.Set<AuditEntry>().FirstAsync(a => a.CompanyId == pushed.CompanyId);

        row.Detail = "nothing to see here";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Remove(row);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        // Below the application's model too: the database itself refuses.
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Detail = 'x' WHERE Id = {0}", row.Id));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Set<AuditEntry>().Where(a => a.Id == row.Id).ExecuteDeleteAsync());

        var stored = await bed.QueryAsync(d => d.Set<AuditEntry>().SingleAsync(a => a.Id == row.Id));
        Assert.Equal("TICKET-42: pushes failing", stored.Detail);
    }

    [Fact]
    public async Task The_company_admin_reads_support_visits_on_activity_and_no_other_companys_trail()
    {
        var mine = await bed.PushedAsync();
        var other = await bed.PushedAsync();
        await bed.ViewAsAsync(mine.CompanyId, reason: "TICKET-77: candidate missing");
        await bed.ViewAsAsync(other.CompanyId, reason: "TICKET-78: someone else");

        await using var scope = bed.ScopeAs(await bed.PrincipalOfAsync(mine.AdminId));
        var lines = await scope.ServiceProvider.GetRequiredService<SupportAccess>().ActivityAsync(default);

        var visit = Assert.Single(lines);
        Assert.Equal("Circular support viewed your account (reason: TICKET-77: candidate missing)", visit.What);
        Assert.StartsWith("Circular support (Circular Support) as ", visit.Who);
    }
}
