using Bunit;
using Circular.Portal.Providers;
using Circular.Portal.Sync;
using Circular.Portal.Sync.Push;
using Circular.Portal.Sync.Push.Pages;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Sync.Push;

/// <summary>The push timeline of the candidate page, over a real SQLite file with pushes as the engine leaves them.</summary>
public sealed class PushTimelineTests : BunitContext, IAsyncLifetime
{
    private TestDb _db = null!;
    private int _companyId;
    private int _applicationId;
    private int _connectionId;

    public async Task InitializeAsync()
    {
        _db = await TestDb.CreateAsync();
        (_companyId, _, _applicationId) = await _db.SeedCompanyAsync("Acme");
        _connectionId = (await _db.ConnectionOfAsync(_companyId, AtsKind.Lever)).Id;
        this.AddPortal(_db, _companyId, "admin@acme.example", _db.Clock);
        this.AddPushUi();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await this.StopSchedulerAsync();
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<PushTimeline> RenderTimeline()
    {
        var timeline = Render<PushTimeline>(p => p.Add(c => c.ApplicationId, _applicationId));
        timeline.WaitForAssertion(() => Assert.NotEmpty(timeline.FindAll(".push-timeline")));
        return timeline;
    }

    private static void SentWithAttribution(CandidatePush p, bool tag, bool source, bool? cv, bool linkedIn)
    {
        p.State = PushState.Sent;
        p.Result = PushResultKind.Created;
        p.VendorCandidateId = "opp-42";
        p.VendorRecordUrl = "https://hire.lever.co/candidates/opp-42";
        p.Attempts = 1;
        p.AttributionCheckedAt = new DateTimeOffset(2026, 11, 2, 9, 4, 0, TimeSpan.Zero);
        (p.AttributionTag, p.AttributionSource, p.AttributionCv, p.AttributionLinkedIn) = (tag, source, cv, linkedIn);
    }

    private static Dictionary<string, string> Items(IRenderedComponent<PushTimeline> timeline) =>
        timeline.FindAll(".attribution-item").ToDictionary(i => i.GetAttribute("data-item")!, i => i.GetAttribute("data-ok")!);

    [Fact]
    public async Task A_sent_push_shows_each_step_the_link_to_the_record_and_every_attribution_item_checked()
    {
        await _db.PushAsync(_applicationId, _connectionId, PushState.Sent, p => SentWithAttribution(p, true, true, true, true),
            (PushEventKind.Queued, "Queued to go to the ATS: the candidate accepted the interview"),
            (PushEventKind.Sending, "Sending to Lever"),
            (PushEventKind.Sent, "In Lever as Test Acme"),
            (PushEventKind.AttributionChecked, "Attribution checked"));

        var timeline = RenderTimeline();

        var messages = timeline.FindAll(".push-event .push-event-message").Select(m => m.TextContent.Trim()).ToList();
        Assert.Equal(["Queued to go to the ATS: the candidate accepted the interview", "Sending to Lever", "In Lever as Test Acme"], messages);
        Assert.Contains("attempt 1", timeline.Find(".push-event[data-kind='Sending']").TextContent);
        Assert.Equal("https://hire.lever.co/candidates/opp-42", timeline.Find(".push-event[data-kind='Sent'] a.push-record-link").GetAttribute("href"));
        Assert.Equal("In Lever", timeline.Find(".push-status").TextContent.Trim());
        Assert.Equal("true", timeline.Find(".attribution-summary").GetAttribute("data-complete"));
        Assert.Contains("everything arrived", timeline.Find(".attribution-summary").TextContent);
        Assert.Equal(new Dictionary<string, string> { ["tag"] = "true", ["source"] = "true", ["cv"] = "true", ["linkedin"] = "true" }, Items(timeline));
        Assert.Contains("Tag \"Circular\" ✓", timeline.Find(".attribution-item[data-item='tag']").TextContent);
    }

    [Fact]
    public async Task The_attribution_check_names_exactly_what_the_ATS_is_missing()
    {
        await _db.PushAsync(_applicationId, _connectionId, PushState.Sent, p => SentWithAttribution(p, tag: false, source: true, cv: false, linkedIn: true),
            (PushEventKind.Sent, "In Lever as Test Acme"));

        var timeline = RenderTimeline();

        var summary = timeline.Find(".attribution-summary");
        Assert.Equal("false", summary.GetAttribute("data-complete"));
        Assert.Contains("missing tag Circular, CV", summary.TextContent);
        Assert.Equal(new Dictionary<string, string> { ["tag"] = "false", ["source"] = "true", ["cv"] = "false", ["linkedin"] = "true" }, Items(timeline));
        Assert.Contains("CV ✗ missing", timeline.Find(".attribution-item[data-item='cv']").TextContent);
    }

    [Fact]
    public async Task A_candidate_without_a_CV_is_not_reported_as_missing_one()
    {
        await _db.PushAsync(_applicationId, _connectionId, PushState.Sent, p =>
            {
                SentWithAttribution(p, true, true, cv: null, linkedIn: true);
                p.CvStep = PushStepOutcome.NotNeeded;
            },
            (PushEventKind.Sent, "In Lever as Test Acme"));

        var timeline = RenderTimeline();

        Assert.Equal("true", timeline.Find(".attribution-summary").GetAttribute("data-complete"));
        Assert.Equal("none", Items(timeline)["cv"]);
        Assert.Contains("no CV to send", timeline.Find(".attribution-item[data-item='cv']").TextContent);
    }

    [Fact]
    public async Task A_CV_the_vendors_API_does_not_show_is_said_to_be_unchecked_not_absent()
    {
        await _db.PushAsync(_applicationId, _connectionId, PushState.Sent, p =>
            {
                SentWithAttribution(p, true, true, cv: null, linkedIn: true);
                p.CvStep = PushStepOutcome.Done;
            },
            (PushEventKind.Sent, "In Lever as Test Acme"));

        var timeline = RenderTimeline();

        var cv = timeline.Find(".attribution-item[data-item='cv']");
        Assert.Equal("none", cv.GetAttribute("data-ok"));
        Assert.Contains("not checked (Lever's API does not show it)", cv.TextContent);
        Assert.DoesNotContain("no CV to send", cv.TextContent);
    }

    [Fact]
    public async Task A_waiting_push_says_why_it_waits()
    {
        await _db.PushAsync(_applicationId, null, PushState.Waiting, p => p.WaitingReason = PushWaitReason.NoLink,
            (PushEventKind.Queued, "Queued to go to the ATS: the candidate accepted the interview"),
            (PushEventKind.Waiting, "Waiting: map this job to an ATS job"));

        var timeline = RenderTimeline();

        Assert.Equal("Waiting: map this job to an ATS job", timeline.Find(".push-status").TextContent.Trim());
        Assert.Equal("Waiting", timeline.Find(".push-timeline").GetAttribute("data-state"));
        Assert.Contains("Waiting: map this job to an ATS job", timeline.Find(".push-event[data-kind='Waiting']").TextContent);
        Assert.Empty(timeline.FindAll(".push-attribution"));
    }

    [Fact]
    public async Task A_failed_attempt_shows_the_attempt_the_vendors_answer_and_the_next_try()
    {
        await _db.PushAsync(_applicationId, _connectionId, PushState.Queued, p =>
            {
                p.Attempts = 2;
                p.NextAttemptAt = new DateTimeOffset(2026, 11, 2, 9, 5, 0, TimeSpan.Zero);
                p.LastError = "Lever answered 503: Service Unavailable";
            },
            (PushEventKind.Queued, "Queued to go to the ATS: the candidate accepted the interview"),
            (PushEventKind.AttemptFailed, "Attempt 2 failed: Lever answered 503"));

        var timeline = RenderTimeline();

        Assert.Equal("Sending: attempt 2 failed, next try at 2026-11-02 09:05 UTC", timeline.Find(".push-status").TextContent.Trim());
        var next = timeline.Find(".push-next-try").TextContent;
        Assert.Contains("Next try at 2026-11-02 09:05 UTC (attempt 3)", next);
        Assert.Contains("Lever answered 503: Service Unavailable", next);
    }

    [Fact]
    public async Task The_timeline_follows_the_worker_live_while_the_admin_watches()
    {
        var push = await _db.PushAsync(_applicationId, _connectionId, PushState.Queued, null,
            (PushEventKind.Queued, "Queued to go to the ATS: the candidate accepted the interview"));
        var timeline = RenderTimeline();
        Assert.Equal("Queued", timeline.Find(".push-status").TextContent.Trim());

        await _db.UpdatePushAsync(push.Id, p =>
        {
            p.State = PushState.Sent;
            p.Result = PushResultKind.Created;
            p.VendorRecordUrl = "https://hire.lever.co/candidates/opp-7";
        }, PushEventKind.Sent, "In Lever as Test Acme");
        await Services.GetRequiredService<SyncEvents>().PublishAsync(_companyId);

        timeline.WaitForAssertion(() => Assert.Equal("In Lever", timeline.Find(".push-status").TextContent.Trim()));
        Assert.Equal("https://hire.lever.co/candidates/opp-7", timeline.Find("a.push-record-link").GetAttribute("href"));
        Assert.NotEmpty(timeline.FindAll("[id^='push-attribution-pending']"));

        await _db.UpdatePushAsync(push.Id, p => SentWithAttribution(p, true, true, true, false), PushEventKind.AttributionChecked, "Attribution checked");
        await Services.GetRequiredService<SyncEvents>().PublishAsync(_companyId);

        timeline.WaitForAssertion(() => Assert.Contains("missing LinkedIn", timeline.Find(".attribution-summary").TextContent));
    }

    [Fact]
    public async Task Another_companys_change_does_not_reload_the_timeline()
    {
        var push = await _db.PushAsync(_applicationId, _connectionId, PushState.Queued, null,
            (PushEventKind.Queued, "Queued to go to the ATS: the candidate accepted the interview"));
        var timeline = RenderTimeline();
        await _db.UpdatePushAsync(push.Id, p => p.State = PushState.Sent, PushEventKind.Sent, "In Lever as Test Acme");

        await Services.GetRequiredService<SyncEvents>().PublishAsync(_companyId + 1000);

        Assert.Equal("Queued", timeline.Find(".push-status").TextContent.Trim());
    }

    [Fact]
    public void An_application_that_was_not_accepted_has_no_timeline()
    {
        var timeline = Render<PushTimeline>(p => p.Add(c => c.ApplicationId, _applicationId));

        Assert.Empty(timeline.FindAll(".push-timeline"));
    }
}
