using System.Security.Claims;
using Circular.Portal.Accounts;
using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Data.Audit;
using Circular.Portal.Providers;
using Circular.Portal.Support;
using Circular.Portal.Tests.Sync.Status;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Support;

/// <summary>
/// What support may never do while viewing as a company, even in write mode: each is refused, the refusal is a line of
/// the audit log, and nothing changes. Also: no nesting, no support account, no view without the company's grant.
/// </summary>
public sealed class ForbiddenWhileImpersonatingTests(StatusTestBed bed) : IClassFixture<StatusTestBed>
{
    public static readonly Dictionary<string, Func<IServiceProvider, PushedApplication, Task>> Forbidden = new()
    {
        ["show the webhook secret"] = (s, p) => s.GetRequiredService<ConnectionWebhookSettings>().ShowSecretOnceAsync(p.ConnectionId, default),
        ["rotate the webhook secret"] = (s, p) => s.GetRequiredService<ConnectionWebhookSettings>().RotateSecretAsync(p.ConnectionId, default),
        ["paste a vendor signing key"] = (s, p) => s.GetRequiredService<ConnectionWebhookSettings>().SetVendorSecretAsync(p.ConnectionId, "a-new-signing-key", default),
        ["connect an ATS with a token"] = (s, p) => s.GetRequiredService<ConnectionLifecycle>().ConnectWithTokenAsync(
            new TokenConnectRequest(AtsKind.Recruitee, "12345", "token-of-someone"), new Uri("https://portal.example/"), default),
        ["connect an ATS by OAuth"] = (s, p) => s.GetRequiredService<OAuthFlow>().BeginAsync(AtsKind.Lever, null, p.AdminId, new Uri("https://portal.example/"), default),
        ["disconnect the ATS"] = (s, p) => s.GetRequiredService<ConnectionLifecycle>().DisconnectAsync(p.ConnectionId, default),
        ["change a user's roles"] = async (s, p) =>
        {
            var users = s.GetRequiredService<UserManager<PortalUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(p.AdminId))!, PortalRoles.Support);
        },
        ["delete data"] = async (s, p) =>
        {
            await using var db = await s.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            db.Remove(await db.Applications.SingleAsync(a => a.Id == p.ApplicationId));
            await db.SaveChangesAsync();
        },
        ["change support access"] = (s, p) => s.GetRequiredService<SupportAccess>().SetAsync(false, null, default),
    };

    public static TheoryData<string> ForbiddenNames() => new(Forbidden.Keys);

    [Theory]
    [MemberData(nameof(ForbiddenNames))]
    public async Task Each_forbidden_action_is_refused_in_write_mode_and_audited(string action)
    {
        var pushed = await bed.PushedAsync(AtsKind.Greenhouse);
        var viewing = await bed.ViewAsAsync(pushed.CompanyId, write: true);

        await using (var scope = bed.ScopeAs(viewing))
        {
            await Assert.ThrowsAsync<ActorRefusedException>(() => Forbidden[action](scope.ServiceProvider, pushed));
        }

        var refused = Assert.Single(await bed.AuditOfSessionAsync(SupportKit.SessionOf(viewing)), a => a.Outcome == AuditOutcome.Refused);
        Assert.Equal(await bed.UserIdAsync(SupportKit.SupportEmail), refused.RealUserId);
        Assert.Equal(pushed.AdminId, refused.EffectiveUserId);
        Assert.Contains("viewing as a company", refused.Detail);
        Assert.True(await bed.QueryAsync(db => db.Applications.IgnoreQueryFilters().AnyAsync(a => a.Id == pushed.ApplicationId)));
        Assert.Equal(ConnectionState.Connected, await bed.QueryAsync(db => db.Connections.IgnoreQueryFilters().Where(c => c.Id == pushed.ConnectionId).Select(c => c.State).SingleAsync()));
        Assert.Equal(1, await bed.QueryAsync(db => db.Connections.IgnoreQueryFilters().CountAsync(c => c.CompanyId == pushed.CompanyId)));
        await using var check = bed.Portal.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.False(await users.IsInRoleAsync((await users.FindByIdAsync(pushed.AdminId))!, PortalRoles.Support));
    }

    [Fact]
    public async Task Viewing_as_another_company_while_viewing_as_one_is_refused_and_audited()
    {
        var first = await bed.PushedAsync();
        var second = await bed.PushedAsync();
        var viewing = await bed.ViewAsAsync(first.CompanyId, write: true);

        await using var scope = bed.ScopeAs(viewing);
        var nested = await scope.ServiceProvider.GetRequiredService<Impersonation>().StartAsync(viewing, second.CompanyId, "TICKET-7", default);

        Assert.False(nested.Succeeded);
        Assert.Contains("already viewing", nested.Refusal);
        Assert.Single(await bed.AuditOfSessionAsync(SupportKit.SessionOf(viewing)), a => a.Action == "Impersonation.Start" && a.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task A_support_account_cannot_be_viewed_as()
    {
        var pushed = await bed.PushedAsync();
        // A support account that also sits in the company (the case GitLab's "impersonate the impersonator" bug came from).
        string staffId;
        await using (var scope = bed.SystemScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var staff = new PortalUser { UserName = $"staff-{pushed.CompanyId}@circular.example", Email = $"staff-{pushed.CompanyId}@circular.example", CompanyId = pushed.CompanyId };
            Assert.True((await users.CreateAsync(staff)).Succeeded);
            Assert.True((await users.AddToRolesAsync(staff, [PortalRoles.CompanyAdmin, PortalRoles.Support])).Succeeded);
            staffId = staff.Id;
        }
        var support = await bed.SupportAsync();

        await using var session = bed.ScopeAs(support);
        var result = await session.ServiceProvider.GetRequiredService<Impersonation>().StartAsync(support, pushed.CompanyId, "TICKET-8", default, targetUserId: staffId);

        Assert.False(result.Succeeded);
        var refused = Assert.Single(await bed.AuditOfCompanyAsync(pushed.CompanyId), a => a.Outcome == AuditOutcome.Refused);
        Assert.Equal("Impersonation.Start", refused.Action);
        Assert.Equal($"User {staffId}", refused.Target);
    }

    [Fact]
    public async Task A_company_admin_cannot_start_a_view_as_another_company()
    {
        var mine = await bed.PushedAsync();
        var theirs = await bed.PushedAsync();
        var admin = await bed.PrincipalOfAsync(mine.AdminId);

        await using var scope = bed.ScopeAs(admin);
        var result = await scope.ServiceProvider.GetRequiredService<Impersonation>().StartAsync(admin, theirs.CompanyId, "curious", default);

        Assert.False(result.Succeeded);
        Assert.Single(await bed.AuditOfCompanyAsync(mine.CompanyId), a => a.Action == "Impersonation.Start" && a.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task A_company_that_requires_a_grant_is_viewed_only_while_the_grant_runs()
    {
        var pushed = await bed.PushedAsync();
        var admin = await bed.PrincipalOfAsync(pushed.AdminId);
        await using (var scope = bed.ScopeAs(admin))
        {
            await scope.ServiceProvider.GetRequiredService<SupportAccess>().SetAsync(requiresGrant: true, grantFor: null, default);
        }
        var support = await bed.SupportAsync();
        await using var session = bed.ScopeAs(support);
        var impersonation = session.ServiceProvider.GetRequiredService<Impersonation>();

        var without = await impersonation.StartAsync(support, pushed.CompanyId, "TICKET-9", default);
        Assert.False(without.Succeeded);
        Assert.Contains("has not granted support access", without.Refusal);

        await using (var scope = bed.ScopeAs(admin))
        {
            await scope.ServiceProvider.GetRequiredService<SupportAccess>().SetAsync(requiresGrant: true, grantFor: TimeSpan.FromHours(1), default);
        }
        Assert.True((await impersonation.StartAsync(support, pushed.CompanyId, "TICKET-9", default)).Succeeded);

        bed.Clock.Advance(TimeSpan.FromHours(1));
        Assert.False((await impersonation.StartAsync(support, pushed.CompanyId, "TICKET-9", default)).Succeeded);
        var audit = await bed.AuditOfCompanyAsync(pushed.CompanyId);
        Assert.Equal(2, audit.Count(a => a.Action == "Impersonation.Start" && a.Outcome == AuditOutcome.Refused));
        Assert.Equal(2, audit.Count(a => a.Action == "SupportAccess.Changed" && a.RealUserId == pushed.AdminId));
    }

    [Fact]
    public async Task A_view_needs_a_reason()
    {
        var pushed = await bed.PushedAsync();
        var support = await bed.SupportAsync();
        await using var session = bed.ScopeAs(support);

        var result = await session.ServiceProvider.GetRequiredService<Impersonation>().StartAsync(support, pushed.CompanyId, "   ", default);

        Assert.False(result.Succeeded);
        Assert.Contains("reason", result.Refusal);
        Assert.DoesNotContain(await bed.AuditOfCompanyAsync(pushed.CompanyId), a => a.Action == "Impersonation.Started");
    }
}
