using Circular.Portal.Marketplace;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Tests.Marketplace;

public sealed class ApplicationStagesTests
{
    [Theory]
    [InlineData(ApplicationStage.New, ApplicationStage.InterviewRequested)]
    [InlineData(ApplicationStage.New, ApplicationStage.Rejected)]
    [InlineData(ApplicationStage.InterviewRequested, ApplicationStage.InterviewAccepted)]
    [InlineData(ApplicationStage.InterviewRequested, ApplicationStage.InterviewDeclined)]
    [InlineData(ApplicationStage.InterviewRequested, ApplicationStage.Rejected)]
    [InlineData(ApplicationStage.InterviewAccepted, ApplicationStage.Hired)]
    [InlineData(ApplicationStage.InterviewAccepted, ApplicationStage.Rejected)]
    public void Legal_moves_are_allowed(ApplicationStage from, ApplicationStage to) => Assert.True(ApplicationStages.CanMove(from, to));

    [Theory]
    [InlineData(ApplicationStage.New, ApplicationStage.InterviewAccepted)]
    [InlineData(ApplicationStage.New, ApplicationStage.Hired)]
    [InlineData(ApplicationStage.InterviewDeclined, ApplicationStage.InterviewAccepted)]
    [InlineData(ApplicationStage.Rejected, ApplicationStage.InterviewRequested)]
    [InlineData(ApplicationStage.Hired, ApplicationStage.Rejected)]
    [InlineData(ApplicationStage.InterviewAccepted, ApplicationStage.InterviewRequested)]
    public void Illegal_moves_are_refused(ApplicationStage from, ApplicationStage to) => Assert.False(ApplicationStages.CanMove(from, to));

    [Fact]
    public async Task A_move_changes_the_stage_and_keeps_who_when_and_why_in_the_history()
    {
        await using var db = await TestDb.CreateAsync();
        var (companyId, _, applicationId) = await db.SeedCompanyAsync("Acme");
        await using var scope = db.For(companyId);

        Assert.True((await scope.Workflow.RequestInterviewAsync(applicationId, "admin@acme.example", default)).Succeeded);
        db.Clock.Advance(TimeSpan.FromHours(2));
        var rejected = await scope.Workflow.RejectAsync(applicationId, "admin@acme.example", "  Went with another candidate ", default);

        Assert.Equal(StageMoveOutcome.Moved, rejected.Outcome);
        await using var context = await scope.Factory.CreateDbContextAsync();
        var application = await context.Applications.Include(a => a.History).SingleAsync(a => a.Id == applicationId);
        Assert.Equal(ApplicationStage.Rejected, application.Stage);
        var last = application.History.OrderBy(h => h.At).Last();
        Assert.Equal(ApplicationStage.InterviewRequested, last.From);
        Assert.Equal(ApplicationStage.Rejected, last.To);
        Assert.Equal("admin@acme.example", last.By);
        Assert.Equal("Went with another candidate", last.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.Zero), last.At);
    }

    [Fact]
    public async Task An_illegal_move_is_refused_with_a_clear_message_and_changes_nothing()
    {
        await using var db = await TestDb.CreateAsync();
        var (companyId, _, applicationId) = await db.SeedCompanyAsync("Acme");
        await using var scope = db.For(companyId);

        var result = await scope.Workflow.MoveAsync(applicationId, ApplicationStage.Hired, "admin", null, default);

        Assert.Equal(StageMoveOutcome.Refused, result.Outcome);
        Assert.Contains("cannot move to hired", result.Message);
        Assert.Contains("interview requested", result.Message);
        await using var context = await scope.Factory.CreateDbContextAsync();
        Assert.Equal(ApplicationStage.New, (await context.Applications.SingleAsync(a => a.Id == applicationId)).Stage);
        Assert.Equal(0, await context.StageChanges.CountAsync(h => h.ApplicationId == applicationId));
    }

    [Fact]
    public async Task A_final_stage_explains_that_it_is_final()
    {
        await using var db = await TestDb.CreateAsync();
        var (companyId, _, applicationId) = await db.SeedCompanyAsync("Acme");
        await using var scope = db.For(companyId);
        await scope.Workflow.RejectAsync(applicationId, "admin", null, default);

        var result = await scope.Workflow.RequestInterviewAsync(applicationId, "admin", default);

        Assert.Equal(StageMoveOutcome.Refused, result.Outcome);
        Assert.StartsWith("This application is already rejected", result.Message);
    }

    [Fact]
    public async Task A_stale_concurrent_move_is_refused_not_overwritten()
    {
        await using var db = await TestDb.CreateAsync();
        var (companyId, _, applicationId) = await db.SeedCompanyAsync("Acme");
        await using var scope = db.For(companyId);
        await using var first = await scope.Factory.CreateDbContextAsync();
        var stale = await first.Applications.SingleAsync(a => a.Id == applicationId);

        await scope.Workflow.RequestInterviewAsync(applicationId, "other admin", default);
        var result = await scope.Workflow.MoveAsync(first, stale, ApplicationStage.Rejected, "admin", null, default);

        Assert.Equal(StageMoveOutcome.Conflict, result.Outcome);
        await using var check = await scope.Factory.CreateDbContextAsync();
        Assert.Equal(ApplicationStage.InterviewRequested, (await check.Applications.SingleAsync(a => a.Id == applicationId)).Stage);
    }
}
