using Circular.Portal.Marketplace;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Circular.Portal.Tests.Sync.Status.StatusTestBed;

namespace Circular.Portal.Tests.Sync.Status;

public sealed class StatusRulesTests(StatusTestBed bed) : IClassFixture<StatusTestBed>
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_unknown_Lever_archive_reason_needs_a_rule_and_moves_once_the_admin_adds_one()
    {
        var pushed = await bed.PushedAsync(AtsKind.Lever);
        var unknown = Observation(pushed, AtsApplicationStatus.Rejected, At, "reason-x") with
        {
            ReasonTerm = new AtsStatusTerm(AtsStatusTermKind.ArchiveReason, "reason-x", "reason-x"),
            NeedsRule = true,
        };

        var report = await bed.ApplyAsync(pushed, StatusApplier.FromPoll, unknown);

        Assert.Equal(1, report[ObservationOutcome.NeedsRule]);
        Assert.Equal(ApplicationStage.InterviewAccepted, await StageAsync(pushed));
        Assert.Single(await bed.QueryAsync(db => db.Notifications.Where(n => n.UserId == pushed.AdminId && n.Title.Contains("needs a rule")).ToListAsync()));

        var saved = await SaveAsync(pushed, new StatusRuleEdit(pushed.ConnectionId, AtsStatusTermKind.ArchiveReason, "reason-x", "Moved abroad", AtsStatusMeaning.Withdrawn, null));

        Assert.Equal(StatusRuleSaveOutcome.Saved, saved.Outcome);
        Assert.Equal(1, saved.Reapplied);
        Assert.Equal(ApplicationStage.Withdrawn, await StageAsync(pushed));
    }

    [Fact]
    public async Task A_rule_overrides_what_the_vendor_folder_reads()
    {
        var pushed = await bed.PushedAsync(AtsKind.Greenhouse);
        Assert.Equal(StatusRuleSaveOutcome.Saved, (await SaveAsync(pushed,
            new StatusRuleEdit(pushed.ConnectionId, AtsStatusTermKind.RejectionReason, "77", "Duplicate application", AtsStatusMeaning.Ignore, null))).Outcome);

        var report = await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Rejected, At, "Duplicate application") with
        {
            ReasonTerm = new AtsStatusTerm(AtsStatusTermKind.RejectionReason, "77", "Duplicate application"),
        });

        Assert.Equal(1, report[ObservationOutcome.Recorded]);
        Assert.Equal(ApplicationStage.InterviewAccepted, await StageAsync(pushed));
    }

    [Fact]
    public async Task A_stage_mapped_to_hired_hires()
    {
        var pushed = await bed.PushedAsync(AtsKind.Teamtailor);
        await SaveAsync(pushed, new StatusRuleEdit(pushed.ConnectionId, AtsStatusTermKind.Stage, "s-9", "Contract signed", AtsStatusMeaning.Hired, null));

        await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Active, At) with
        {
            StageTerm = new AtsStatusTerm(AtsStatusTermKind.Stage, "s-9", "Contract signed"),
        });

        Assert.Equal(ApplicationStage.Hired, await StageAsync(pushed));
    }

    [Fact]
    public async Task Editing_a_rule_needs_the_version_the_admin_saw()
    {
        var pushed = await bed.PushedAsync(AtsKind.Workable);
        var first = new StatusRuleEdit(pushed.ConnectionId, AtsStatusTermKind.DisqualificationReason, "r1", "Overqualified", AtsStatusMeaning.Ignore, null);
        Assert.Equal(StatusRuleSaveOutcome.Saved, (await SaveAsync(pushed, first)).Outcome);

        var stale = await SaveAsync(pushed, first with { Meaning = AtsStatusMeaning.Rejected });
        var version = await bed.QueryAsync(db => db.Set<StatusRule>().Where(r => r.ConnectionId == pushed.ConnectionId).Select(r => r.Version).SingleAsync());
        var fresh = await SaveAsync(pushed, first with { Meaning = AtsStatusMeaning.Rejected, SeenVersion = version });

        Assert.Equal(StatusRuleSaveOutcome.Stale, stale.Outcome);
        Assert.Contains("changed by someone else", stale.Message);
        Assert.Equal(StatusRuleSaveOutcome.Saved, fresh.Outcome);
        Assert.Equal(AtsStatusMeaning.Rejected, await bed.QueryAsync(db => db.Set<StatusRule>().Where(r => r.ConnectionId == pushed.ConnectionId).Select(r => r.Meaning).SingleAsync()));
    }

    [Fact]
    public async Task An_invalid_rule_is_refused_at_the_field_and_nothing_is_saved()
    {
        var pushed = await bed.PushedAsync(AtsKind.Recruitee);

        var result = await SaveAsync(pushed, new StatusRuleEdit(pushed.ConnectionId, AtsStatusTermKind.Stage, "s1", "", (AtsStatusMeaning)42, null));

        Assert.Equal(StatusRuleSaveOutcome.Invalid, result.Outcome);
        Assert.Contains(nameof(StatusRuleEdit.Label), result.Errors!.Keys);
        Assert.Contains(nameof(StatusRuleEdit.Meaning), result.Errors!.Keys);
        Assert.Equal(0, await bed.QueryAsync(db => db.Set<StatusRule>().CountAsync(r => r.ConnectionId == pushed.ConnectionId)));
    }

    [Fact]
    public async Task Another_companys_connection_cannot_be_given_rules()
    {
        var mine = await bed.PushedAsync(AtsKind.Workable);
        var theirs = await bed.PushedAsync(AtsKind.Workable);

        await using var scope = bed.ScopeFor(mine.CompanyId);
        var result = await scope.ServiceProvider.GetRequiredService<StatusRules>().SaveAsync(
            new StatusRuleEdit(theirs.ConnectionId, AtsStatusTermKind.Stage, "s1", "Hired", AtsStatusMeaning.Hired, null), "admin", default);

        Assert.Equal(StatusRuleSaveOutcome.NotFound, result.Outcome);
    }

    [Theory]
    [InlineData(AtsApplicationStatus.Rejected, true, StatusResolution.NeedsRule)]
    [InlineData(AtsApplicationStatus.Rejected, false, StatusResolution.Rejected)]
    [InlineData(AtsApplicationStatus.Withdrawn, false, StatusResolution.Withdrawn)]
    [InlineData(AtsApplicationStatus.Hired, false, StatusResolution.Hired)]
    [InlineData(AtsApplicationStatus.Active, false, StatusResolution.Active)]
    public void Without_a_rule_the_vendor_reading_applies_unless_it_needs_a_rule(AtsApplicationStatus status, bool needsRule, StatusResolution expected) =>
        Assert.Equal(expected, StatusResolver.Resolve(new AtsStatusChange("c", "a", status, null, At) { NeedsRule = needsRule },
            new Dictionary<(AtsStatusTermKind, string), AtsStatusMeaning>()));

    private async Task<StatusRuleSaveResult> SaveAsync(PushedApplication pushed, StatusRuleEdit edit)
    {
        await using var scope = bed.ScopeFor(pushed.CompanyId);
        return await scope.ServiceProvider.GetRequiredService<StatusRules>().SaveAsync(edit, "admin@status.example", default);
    }

    private Task<ApplicationStage> StageAsync(PushedApplication p) =>
        bed.QueryAsync(db => db.Applications.Where(a => a.Id == p.ApplicationId).Select(a => a.Stage).SingleAsync());
}
