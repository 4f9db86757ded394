using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Jobs;

/// <summary>Arranges companies, connections, ATS jobs, Circular jobs and links for the mapping tests, as a system service.</summary>
public static class BoardData
{
    public static async Task<int> CompanyAsync(this TestDb db, string name)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var company = new Company { Name = name };
        context.Companies.Add(company);
        await context.SaveChangesAsync();
        return company.Id;
    }

    public static async Task<AtsConnection> ConnectionAsync(this TestDb db, int companyId, AtsKind kind = AtsKind.Workable)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var connection = new AtsConnection
        {
            CompanyId = companyId, Kind = kind, PublicId = Guid.NewGuid().ToString("N"), State = ConnectionState.Connected,
            Account = $"account-{companyId}", AccountName = "Test account",
        };
        context.Connections.Add(connection);
        await context.SaveChangesAsync();
        return connection;
    }

    public static async Task<List<int>> AtsJobsAsync(this TestDb db, AtsConnection connection, params (string Title, string? Location, AtsJobStatus Status)[] jobs)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var rows = jobs.Select((j, i) => new AtsJob
        {
            CompanyId = connection.CompanyId, ConnectionId = connection.Id, ExternalId = $"ext-{Guid.NewGuid():N}",
            Title = j.Title, Location = j.Location, Status = j.Status, Department = i % 2 == 0 ? "Engineering" : "Sales",
        }).ToList();
        context.AtsJobs.AddRange(rows);
        await context.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    public static async Task<List<int>> CircularJobsAsync(this TestDb db, int companyId, params (string Title, string Location, JobStatus Status)[] jobs)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var rows = jobs.Select((j, i) => new Job
        {
            CompanyId = companyId, Title = j.Title, Location = j.Location, Status = j.Status, Department = i % 2 == 0 ? "Engineering" : "Sales",
        }).ToList();
        context.Jobs.AddRange(rows);
        await context.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    /// <summary>A link as an import or sync would have left it; returns its version.</summary>
    public static async Task<Guid> LinkAsync(this TestDb db, int jobId, int atsJobId, LinkHealth health = LinkHealth.Healthy, string? notice = null)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        var atsJob = await context.AtsJobs.SingleAsync(a => a.Id == atsJobId);
        var link = new JobLink
        {
            CompanyId = atsJob.CompanyId, JobId = jobId, AtsJobId = atsJobId, ConnectionId = atsJob.ConnectionId, Origin = LinkOrigin.Import,
            LinkedBy = "Import", TitleAtLink = atsJob.Title, Health = health, HealthNotice = notice,
        };
        context.JobLinks.Add(link);
        await context.SaveChangesAsync();
        return link.Version;
    }

    public static async Task<List<JobLink>> LinksAsync(this TestDb db)
    {
        await using var scope = db.System();
        await using var context = await scope.Factory.CreateDbContextAsync();
        return await context.JobLinks.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
    }
}
