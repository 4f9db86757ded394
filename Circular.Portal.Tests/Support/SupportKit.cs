using System.Security.Claims;
using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Support;
using Circular.Portal.Tests.Sync.Status;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Support;

/// <summary>
/// Acting as people in the real portal of a <see cref="StatusTestBed"/> (its clock is fake): the demo support user, a
/// company's admin, or support viewing as a company. A scope made with <see cref="ScopeAs"/> is what a circuit of that
/// principal is: the feature methods, the tenancy and the audit read its actor.
/// </summary>
public static class SupportKit
{
    public const string SupportEmail = "support@circular.example";

    public static async Task<ClaimsPrincipal> PrincipalOfAsync(this StatusTestBed bed, string userIdOrEmail)
    {
        await using var scope = bed.Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(userIdOrEmail) ?? await users.FindByIdAsync(userIdOrEmail)
            ?? throw new InvalidOperationException($"No user {userIdOrEmail}.");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(user);
    }

    public static Task<ClaimsPrincipal> SupportAsync(this StatusTestBed bed) => bed.PrincipalOfAsync(SupportEmail);

    public static async Task<string> UserIdAsync(this StatusTestBed bed, string email) =>
        (await bed.PrincipalOfAsync(email)).FindFirstValue(ClaimTypes.NameIdentifier)!;

    public static AsyncServiceScope ScopeAs(this StatusTestBed bed, ClaimsPrincipal principal)
    {
        var scope = bed.Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Use(principal);
        return scope;
    }

    /// <summary>Support views as the company (its first admin) with a reason, elevated to write mode when asked.</summary>
    public static async Task<ClaimsPrincipal> ViewAsAsync(this StatusTestBed bed, int companyId, bool write = false, string reason = "TICKET-42: pushes failing")
    {
        var support = await bed.SupportAsync();
        await using var scope = bed.ScopeAs(support);
        var impersonation = scope.ServiceProvider.GetRequiredService<Impersonation>();
        var started = await impersonation.StartAsync(support, companyId, reason, default);
        Assert.True(started.Succeeded, started.Refusal);
        if (!write) return started.Principal!;
        var elevated = await impersonation.ElevateAsync(started.Principal!, "TICKET-42: fix the mapping", default);
        Assert.True(elevated.Succeeded, elevated.Refusal);
        return elevated.Principal!;
    }

    /// <summary>Links the application's job to an ATS job of its connection and dead-letters its push (so Retry and Discard have work).</summary>
    public static async Task LinkJobAndFailPushAsync(this StatusTestBed bed, Circular.Portal.Tests.Sync.Status.PushedApplication pushed)
    {
        await using var scope = bed.SystemScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var jobId = await db.Applications.Where(a => a.Id == pushed.ApplicationId).Select(a => a.JobId).SingleAsync();
        var atsJob = new Circular.Portal.Jobs.AtsJob { CompanyId = pushed.CompanyId, ConnectionId = pushed.ConnectionId, ExternalId = $"ext-{jobId}", Title = "Backend engineer" };
        db.Add(atsJob);
        await db.SaveChangesAsync();
        db.Add(new Circular.Portal.Jobs.JobLink { CompanyId = pushed.CompanyId, JobId = jobId, AtsJobId = atsJob.Id, ConnectionId = pushed.ConnectionId, LinkedBy = "admin" });
        var push = await db.Set<Circular.Portal.Sync.Push.CandidatePush>().SingleAsync(p => p.ApplicationId == pushed.ApplicationId);
        push.State = Circular.Portal.Sync.Push.PushState.DeadLettered;
        push.LastError = "Lever answered 422";
        await db.SaveChangesAsync();
    }

    public static string SessionOf(ClaimsPrincipal principal) => ImpersonationClaims.Read(principal)!.SessionId;

    public static Task<List<AuditEntry>> AuditOfSessionAsync(this StatusTestBed bed, string sessionId) =>
        bed.QueryAsync(db => db.Set<AuditEntry>().Where(a => a.ImpersonationSessionId == sessionId).OrderBy(a => a.Id).ToListAsync());

    public static Task<List<AuditEntry>> AuditOfCompanyAsync(this StatusTestBed bed, int companyId) =>
        bed.QueryAsync(db => db.Set<AuditEntry>().Where(a => a.CompanyId == companyId).OrderBy(a => a.Id).ToListAsync());
}
