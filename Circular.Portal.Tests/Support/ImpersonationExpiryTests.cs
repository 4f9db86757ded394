using Circular.Portal.Accounts;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Marketplace;
using Circular.Portal.Support;
using Circular.Portal.Tests.Sync.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Support;

/// <summary>
/// A view as a company ends by itself after Support:ImpersonationLimit (30 minutes by default), checked on every server
/// operation against the portal's clock: just before, a change goes through; just after, the same scope already acts
/// as the support user again (no company), the change is refused, and Stop records the expiry.
/// </summary>
public sealed class ImpersonationExpiryTests(StatusTestBed bed) : IClassFixture<StatusTestBed>
{
    private static JobForm Form(string title) => new() { Title = title, Location = "Oslo", Department = "Ops", Description = "x" };

    private async Task<int> JobOfAsync(PushedApplication pushed) =>
        await bed.QueryAsync(db => db.Applications.IgnoreQueryFilters().Where(a => a.Id == pushed.ApplicationId).Select(a => a.JobId).SingleAsync());

    private Task<string> TitleAsync(int jobId) => bed.QueryAsync(db => db.Jobs.IgnoreQueryFilters().Where(j => j.Id == jobId).Select(j => j.Title).SingleAsync());

    [Fact]
    public async Task A_change_just_before_the_limit_succeeds_and_just_after_it_is_refused_in_the_same_circuit()
    {
        var pushed = await bed.PushedAsync();
        var jobId = await JobOfAsync(pushed);
        var viewing = await bed.ViewAsAsync(pushed.CompanyId, write: true);
        var supportId = await bed.UserIdAsync(SupportKit.SupportEmail);

        // One scope for the whole session, as one Blazor circuit keeps its principal.
        await using var circuit = bed.ScopeAs(viewing);
        var editor = circuit.ServiceProvider.GetRequiredService<JobEditor>();
        var tenant = circuit.ServiceProvider.GetRequiredService<TenantContext>();

        bed.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.True((await editor.UpdateAsync(jobId, Form("Before the limit"), default)).Succeeded);
        Assert.Equal(pushed.CompanyId, tenant.CompanyId);

        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(tenant.CompanyId);
        Assert.Equal(ActorMode.User, tenant.Actor.Mode);
        Assert.Equal(supportId, tenant.Actor.EffectiveUserId);
        await Assert.ThrowsAsync<ActorRefusedException>(() => editor.UpdateAsync(jobId, Form("After the limit"), default));
        Assert.Equal("Before the limit", await TitleAsync(jobId));
        Assert.Empty(await circuit.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext().Jobs.ToListAsync());

        var stopped = await circuit.ServiceProvider.GetRequiredService<Impersonation>().StopAsync(viewing, default);
        Assert.True(stopped.Succeeded);
        Assert.Null(ImpersonationClaims.Read(stopped.Principal));
        var audit = await bed.AuditOfSessionAsync(SupportKit.SessionOf(viewing));
        Assert.Equal(["Impersonation.Started", "Impersonation.Elevated", "Job.Changed", "Job.Update", "Impersonation.Expired"], audit.Select(a => a.Action));
        Assert.Equal(AuditOutcome.Refused, audit[3].Outcome);
    }

    [Fact]
    public async Task Stop_ends_the_view_once_and_gives_back_the_support_users_own_identity()
    {
        var pushed = await bed.PushedAsync();
        var viewing = await bed.ViewAsAsync(pushed.CompanyId);
        await using var scope = bed.ScopeAs(viewing);
        var impersonation = scope.ServiceProvider.GetRequiredService<Impersonation>();

        var stopped = await impersonation.StopAsync(viewing, default);
        await impersonation.StopAsync(viewing, default);

        var own = CurrentActor.FromPrincipal(stopped.Principal!, bed.Clock.GetUtcNow());
        Assert.Equal(ActorMode.User, own.Mode);
        Assert.Equal(await bed.UserIdAsync(SupportKit.SupportEmail), own.EffectiveUserId);
        Assert.Null(own.CompanyId);
        Assert.Single(await bed.AuditOfSessionAsync(SupportKit.SessionOf(viewing)), a => a.Action == "Impersonation.Stopped");
    }
}
