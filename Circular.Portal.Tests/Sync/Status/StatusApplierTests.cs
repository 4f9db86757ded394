using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Platform;
using Circular.Portal.Notifications;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Status;
using Microsoft.EntityFrameworkCore;
using static Circular.Portal.Tests.Sync.Status.StatusTestBed;

namespace Circular.Portal.Tests.Sync.Status;

public sealed class StatusApplierTests(StatusTestBed bed) : IClassFixture<StatusTestBed>
{
    private DateTimeOffset T(int minutes) => new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutes);

    [Fact]
    public async Task Hired_in_the_ATS_moves_the_application_to_hired_from_the_vendor_with_a_bell_and_a_platform_event()
    {
        var pushed = await bed.PushedAsync();

        var report = await bed.ApplyAsync(pushed, StatusApplier.FromWebhook, Observation(pushed, AtsApplicationStatus.Hired, T(10)));

        Assert.Equal(1, report[ObservationOutcome.Moved]);
        var (stage, history, bells, events) = await StateAsync(pushed);
        Assert.Equal(ApplicationStage.Hired, stage);
        var last = history.Last();
        Assert.Equal("from Workable", last.By);
        Assert.Equal(ApplicationStage.Hired, last.To);
        Assert.Single(bells, n => n.Title.Contains("hired in Workable"));
        var e = Assert.Single(events);
        Assert.Equal(ApplicationStage.Hired, e.Outcome);
        Assert.Equal("Workable", e.Source);
        Assert.Equal(T(10), e.OccurredAt);
    }

    [Fact]
    public async Task Rejected_keeps_the_vendors_reason_in_the_stage_history()
    {
        var pushed = await bed.PushedAsync();

        await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Rejected, T(5), "Position filled"));

        var (stage, history, _, events) = await StateAsync(pushed);
        Assert.Equal(ApplicationStage.Rejected, stage);
        Assert.Equal("Position filled", history.Last().Reason);
        Assert.Equal("Position filled", Assert.Single(events).Reason);
    }

    [Fact]
    public async Task A_withdrawal_ends_in_the_withdrawn_stage_not_rejected()
    {
        var pushed = await bed.PushedAsync();

        await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Withdrawn, T(5)));

        var (stage, history, _, events) = await StateAsync(pushed);
        Assert.Equal(ApplicationStage.Withdrawn, stage);
        Assert.Equal("The candidate withdrew", history.Last().Reason);
        Assert.Equal(ApplicationStage.Withdrawn, Assert.Single(events).Outcome);
    }

    [Fact]
    public async Task An_older_observation_after_a_newer_one_changes_nothing()
    {
        var pushed = await bed.PushedAsync();

        await bed.ApplyAsync(pushed, StatusApplier.FromWebhook, Observation(pushed, AtsApplicationStatus.Hired, T(20)));
        var late = await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Rejected, T(10), "Not a fit"));

        Assert.Equal(1, late[ObservationOutcome.Stale]);
        var (stage, history, _, events) = await StateAsync(pushed);
        Assert.Equal(ApplicationStage.Hired, stage);
        Assert.Single(history, h => h.By == "from Workable");
        Assert.Single(events);
        var stored = await bed.QueryAsync(db => db.Set<ApplicationAtsStatus>().SingleAsync(s => s.ApplicationId == pushed.ApplicationId));
        Assert.Equal(AtsApplicationStatus.Hired, stored.VendorStatus);
        Assert.Equal(T(20), stored.ObservedAt);
    }

    [Fact]
    public async Task Observations_in_any_order_converge_on_the_newest()
    {
        var first = await bed.PushedAsync();
        var second = await bed.PushedAsync();
        AtsStatusChange[] Timeline(PushedApplication p) =>
        [
            Observation(p, AtsApplicationStatus.Active, T(1)),
            Observation(p, AtsApplicationStatus.Active, T(2)),
            Observation(p, AtsApplicationStatus.Rejected, T(3), "Went with another candidate"),
        ];

        foreach (var o in Timeline(first)) await bed.ApplyAsync(first, StatusApplier.FromWebhook, o);
        foreach (var o in Timeline(second).Reverse()) await bed.ApplyAsync(second, StatusApplier.FromWebhook, o);

        foreach (var p in new[] { first, second })
        {
            var (stage, history, _, events) = await StateAsync(p);
            Assert.Equal(ApplicationStage.Rejected, stage);
            Assert.Equal("Went with another candidate", history.Last().Reason);
            Assert.Single(events);
            var stored = await bed.QueryAsync(db => db.Set<ApplicationAtsStatus>().SingleAsync(s => s.ApplicationId == p.ApplicationId));
            Assert.Equal((AtsApplicationStatus.Rejected, T(3)), (stored.VendorStatus, stored.ObservedAt));
        }
    }

    [Fact]
    public async Task The_same_observation_twice_makes_one_change_one_bell_and_one_platform_event()
    {
        var pushed = await bed.PushedAsync();
        var hired = Observation(pushed, AtsApplicationStatus.Hired, T(7));

        var once = await bed.ApplyAsync(pushed, StatusApplier.FromWebhook, hired);
        var twice = await bed.ApplyAsync(pushed, StatusApplier.FromPoll, hired);

        Assert.Equal(1, once[ObservationOutcome.Moved]);
        Assert.Equal(1, twice[ObservationOutcome.Duplicate]);
        var (_, history, bells, events) = await StateAsync(pushed);
        Assert.Single(history, h => h.To == ApplicationStage.Hired);
        Assert.Single(bells);
        Assert.Single(events);
    }

    [Fact]
    public async Task Several_changes_in_one_run_give_a_bell_each_and_one_digest_email()
    {
        var pushed = await bed.PushedAsync();
        var other = await bed.PushedAsync();

        // Both belong to different companies, so each run is its own connection: one run, two changes of one connection.
        var sameConnection = await bed.AddPushToAsync(pushed);
        await bed.ApplyAsync(pushed, StatusApplier.FromPoll,
            Observation(pushed, AtsApplicationStatus.Hired, T(1)),
            new AtsStatusChange(sameConnection.VendorCandidateId, sameConnection.VendorApplicationId, AtsApplicationStatus.Rejected, "No", T(2)));

        var bells = await bed.QueryAsync(db => db.Notifications.Where(n => n.UserId == pushed.AdminId).ToListAsync());
        Assert.Equal(3, bells.Count);
        Assert.Contains(bells, b => b.Title == "Workable: 2 status changes");
        // One digest email for the run: the email outbox holds exactly one row for this admin, tied to the digest bell.
        var bellIds = bells.Select(b => (long?)b.Id).ToList();
        var emails = await bed.QueryAsync(db => db.Set<Circular.Portal.Notifications.OutboundEmail>()
            .Where(e => bellIds.Contains(e.NotificationId)).ToListAsync());
        var digest = Assert.Single(emails);
        Assert.Equal("Workable: 2 status changes", bells.Single(b => b.Id == digest.NotificationId).Title);
        Assert.Empty(await bed.QueryAsync(db => db.Notifications.Where(n => n.UserId == other.AdminId).ToListAsync()));
    }

    [Fact]
    public async Task A_candidate_final_in_Circular_is_not_moved_again_but_the_vendor_status_is_kept()
    {
        var pushed = await bed.PushedAsync();
        await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Rejected, T(1), "No"));

        var report = await bed.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Hired, T(2)));

        Assert.Equal(1, report[ObservationOutcome.Refused]);
        var (stage, _, _, _) = await StateAsync(pushed);
        Assert.Equal(ApplicationStage.Rejected, stage);
        var stored = await bed.QueryAsync(db => db.Set<ApplicationAtsStatus>().SingleAsync(s => s.ApplicationId == pushed.ApplicationId));
        Assert.Equal(AtsApplicationStatus.Hired, stored.VendorStatus);
    }

    [Fact]
    public async Task An_event_naming_only_the_candidate_finds_the_application_by_candidate_and_job()
    {
        var pushed = await bed.PushedAsync(AtsKind.Recruitee, jobExternalId: "offer-1");

        // Recruitee's webhooks carry no placement: only the candidate (and the offer) are known.
        var report = await bed.ApplyAsync(pushed, StatusApplier.FromWebhook,
            new AtsStatusChange(pushed.VendorCandidateId, "", AtsApplicationStatus.Hired, null, T(4)) { JobExternalId = "offer-1" });

        Assert.Equal(1, report[ObservationOutcome.Moved]);
        Assert.Equal(ApplicationStage.Hired, (await StateAsync(pushed)).Stage);
    }

    [Fact]
    public async Task An_application_Circular_did_not_push_is_left_alone()
    {
        var pushed = await bed.PushedAsync();

        var report = await bed.ApplyAsync(pushed, StatusApplier.FromPoll, new AtsStatusChange("someone-else", "other-app", AtsApplicationStatus.Hired, null, T(1)));

        Assert.Equal(1, report[ObservationOutcome.NotOurs]);
        Assert.Equal(ApplicationStage.InterviewAccepted, (await StateAsync(pushed)).Stage);
    }

    [Fact]
    public async Task A_Teamtailor_rejection_keeps_both_times_and_the_platform_learns_of_it_only_when_visible()
    {
        var pushed = await bed.PushedAsync(AtsKind.Teamtailor);
        var visibleAt = bed.Clock.GetUtcNow().AddDays(2);

        await bed.ApplyAsync(pushed, StatusApplier.FromPoll,
            Observation(pushed, AtsApplicationStatus.Rejected, T(3), "Not a fit") with { VisibleToCandidateAt = visibleAt });

        var stored = await bed.QueryAsync(db => db.Set<ApplicationAtsStatus>().SingleAsync(s => s.ApplicationId == pushed.ApplicationId));
        Assert.Equal((T(3), visibleAt), (stored.RejectedAt, stored.CandidateVisibleAt));
        var e = Assert.Single((await StateAsync(pushed)).Events);
        Assert.Equal((visibleAt, visibleAt, T(3)), (e.PublishAt, e.NextAttemptAt, e.OccurredAt));
    }

    private async Task<(ApplicationStage Stage, List<ApplicationStageChange> History, List<Notification> Bells, List<PlatformEvent> Events)> StateAsync(PushedApplication p) =>
        await bed.QueryAsync(async db => (
            await db.Applications.Where(a => a.Id == p.ApplicationId).Select(a => a.Stage).SingleAsync(),
            await db.StageChanges.Where(h => h.ApplicationId == p.ApplicationId).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(),
            await db.Notifications.Where(n => n.UserId == p.AdminId).ToListAsync(),
            await db.Set<PlatformEvent>().Where(e => e.ApplicationId == p.ApplicationId).ToListAsync()));
}
