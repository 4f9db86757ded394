using Circular.Portal.Connections;
using Circular.Portal.Data.Audit;
using Circular.Portal.Jobs;
using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Support;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Support;

/// <summary>
/// Support viewing as a company is read-only until elevated: every mutating feature method, called directly, refuses
/// (and the refusal is audited) and nothing of the company changes. One change made in write mode is one audit row
/// naming both people.
/// </summary>
public abstract class ReadOnlyImpersonationCases(StatusTestBed bed)
{
    /// <summary>Each mutating feature method, as a page would call it, against the company's own records.</summary>
    public static readonly Dictionary<string, Func<IServiceProvider, PushedApplication, Task>> Mutations = new()
    {
        ["create a job"] = (s, p) => s.GetRequiredService<JobEditor>().CreateAsync(new JobForm { Title = "Sneaky job", Location = "Oslo", Department = "Ops", Description = "x" }, default),
        ["edit a job"] = async (s, p) => await s.GetRequiredService<JobEditor>().UpdateAsync(await JobOfAsync(s, p), new JobForm { Title = "Renamed", Location = "Oslo", Department = "Ops", Description = "x" }, default),
        ["close a job"] = async (s, p) => await s.GetRequiredService<JobEditor>().CloseAsync(await JobOfAsync(s, p), default),
        ["reject a candidate"] = (s, p) => s.GetRequiredService<ApplicationWorkflow>().RejectAsync(p.ApplicationId, "support", "no", default),
        ["request an interview"] = (s, p) => s.GetRequiredService<ApplicationWorkflow>().RequestInterviewAsync(p.ApplicationId, "support", default),
        ["unlink a job"] = async (s, p) => await s.GetRequiredService<JobLinker>().UnlinkAsync(await JobOfAsync(s, p), Guid.NewGuid(), default),
        ["retry a push"] = async (s, p) => await s.GetRequiredService<CandidatePushes>().RetryAsync(await PushOfAsync(s, p), "support", default),
        ["discard a push"] = async (s, p) => await s.GetRequiredService<CandidatePushes>().DiscardAsync(await PushOfAsync(s, p), "support", default),
        ["save a status rule"] = (s, p) => s.GetRequiredService<StatusRules>().SaveAsync(
            new StatusRuleEdit(p.ConnectionId, AtsStatusTermKind.ArchiveReason, "moved", "Moved abroad", AtsStatusMeaning.Withdrawn, null), "support", default),
        ["pick the acting user"] = (s, p) => s.GetRequiredService<ConnectionLifecycle>().SetActingUserAsync(p.ConnectionId, "someone-else", default),
    };

    public static TheoryData<string> MutationNames() => new(Mutations.Keys);

    private static async Task<int> JobOfAsync(IServiceProvider s, PushedApplication p)
    {
        await using var db = await s.GetRequiredService<IDbContextFactory<Circular.Portal.Data.PortalDbContext>>().CreateDbContextAsync();
        return await db.Applications.Where(a => a.Id == p.ApplicationId).Select(a => a.JobId).SingleAsync();
    }

    private static async Task<long> PushOfAsync(IServiceProvider s, PushedApplication p)
    {
        await using var db = await s.GetRequiredService<IDbContextFactory<Circular.Portal.Data.PortalDbContext>>().CreateDbContextAsync();
        return await db.Set<CandidatePush>().Where(x => x.ApplicationId == p.ApplicationId).Select(x => x.Id).SingleAsync();
    }

    /// <summary>Everything of the company a mutation could touch, as one comparable string.</summary>
    private Task<string> SnapshotAsync(int companyId) => bed.QueryAsync(async db =>
    {
        var jobs = await db.Jobs.IgnoreQueryFilters().Where(j => j.CompanyId == companyId).OrderBy(j => j.Id).Select(j => $"{j.Id}:{j.Title}:{j.Status}").ToListAsync();
        var apps = await db.Applications.IgnoreQueryFilters().Where(a => a.CompanyId == companyId).OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Stage}").ToListAsync();
        var pushes = await db.Set<CandidatePush>().IgnoreQueryFilters().Where(p => p.CompanyId == companyId).OrderBy(p => p.Id).Select(p => $"{p.Id}:{p.State}:{p.RetriedBy}").ToListAsync();
        var rules = await db.Set<StatusRule>().IgnoreQueryFilters().CountAsync(r => r.CompanyId == companyId);
        var links = await db.JobLinks.IgnoreQueryFilters().CountAsync(l => l.CompanyId == companyId);
        var acting = await db.Connections.IgnoreQueryFilters().Where(c => c.CompanyId == companyId).Select(c => c.ActingUserId).ToListAsync();
        return string.Join("|", jobs.Concat(apps).Concat(pushes).Append($"rules {rules}").Append($"links {links}").Concat(acting.Select(a => a ?? "-")));
    });

    [DatabaseTheory]
    [MemberData(nameof(MutationNames))]
    public async Task Read_only_refuses_each_mutating_feature_method_and_audits_the_refusal(string mutation)
    {
        var pushed = await bed.PushedAsync(AtsKind.Lever);
        await bed.LinkJobAndFailPushAsync(pushed);
        var before = await SnapshotAsync(pushed.CompanyId);
        var viewing = await bed.ViewAsAsync(pushed.CompanyId);

        await using (var scope = bed.ScopeAs(viewing))
        {
            await Assert.ThrowsAsync<ActorRefusedException>(() => Mutations[mutation](scope.ServiceProvider, pushed));
        }

        Assert.Equal(before, await SnapshotAsync(pushed.CompanyId));
        var audit = await bed.AuditOfSessionAsync(SupportKit.SessionOf(viewing));
        var refused = Assert.Single(audit, a => a.Outcome == AuditOutcome.Refused);
        Assert.Equal(await bed.UserIdAsync(SupportKit.SupportEmail), refused.RealUserId);
        Assert.Equal(pushed.AdminId, refused.EffectiveUserId);
        Assert.Equal(pushed.CompanyId, refused.CompanyId);
        Assert.Contains("read-only", refused.Detail);
    }

    [DatabaseFact]
    public async Task A_save_no_feature_method_guarded_is_still_refused_by_the_save_path()
    {
        var pushed = await bed.PushedAsync();
        var viewing = await bed.ViewAsAsync(pushed.CompanyId);

        await using (var scope = bed.ScopeAs(viewing))
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Circular.Portal.Data.PortalDbContext>>().CreateDbContextAsync())
        {
            var job = await db.Jobs.FirstAsync();
            job.Title = "Changed behind the pages' back";
            await Assert.ThrowsAsync<ActorRefusedException>(() => db.SaveChangesAsync());
        }

        Assert.DoesNotContain("behind", await SnapshotAsync(pushed.CompanyId));
        Assert.Single(await bed.AuditOfSessionAsync(SupportKit.SessionOf(viewing)), a => a.Action == "Save.Refused");
    }

    [DatabaseFact]
    public async Task One_change_in_write_mode_is_one_audit_row_with_both_users()
    {
        var pushed = await bed.PushedAsync();
        var viewing = await bed.ViewAsAsync(pushed.CompanyId, write: true);
        var session = SupportKit.SessionOf(viewing);
        var events = (await bed.AuditOfSessionAsync(session)).Count;

        await using (var scope = bed.ScopeAs(viewing))
        {
            var result = await scope.ServiceProvider.GetRequiredService<ApplicationWorkflow>().RejectAsync(pushed.ApplicationId, "Circular support", "Duplicate", default);
            Assert.True(result.Succeeded, result.Message);
        }

        var rows = (await bed.AuditOfSessionAsync(session)).Skip(events).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(await bed.UserIdAsync(SupportKit.SupportEmail), row.RealUserId);
        Assert.Equal(pushed.AdminId, row.EffectiveUserId);
        Assert.Equal(pushed.CompanyId, row.CompanyId);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Contains($"Application {pushed.ApplicationId}", row.Target);
        // The stage history keeps the name it showed, and now the id of the person behind it.
        var change = await bed.QueryAsync(db => db.StageChanges.IgnoreQueryFilters().Where(c => c.ApplicationId == pushed.ApplicationId)
            .OrderByDescending(c => c.Id).FirstAsync());
        Assert.Equal("Circular support", change.By);
        Assert.Equal(row.RealUserId, change.ByUserId);
    }
}

public sealed class ReadOnlyImpersonationTests(StatusTestBed bed) : ReadOnlyImpersonationCases(bed), IClassFixture<StatusTestBed>;

/// <summary>The same on PostgreSQL: refusals and the audit log written there.</summary>
[OnPostgres]
public sealed class ReadOnlyImpersonationOnPostgresTests(PostgresStatusTestBed bed) : ReadOnlyImpersonationCases(bed), IClassFixture<PostgresStatusTestBed>;
