using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Circular.Portal.Marketplace;
using Circular.Portal.Marketplace.Platform;
using Circular.Portal.Providers;
using Circular.Portal.Sync.Status;
using Circular.Portal.Tests.Sync.Status;
using Circular.Portal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Circular.Portal.Tests.Sync.Status.StatusTestBed;

namespace Circular.Portal.Tests.Marketplace.Platform;

/// <summary>The portal with its platform webhook pointed at a test receiver.</summary>
public sealed class PlatformBed : IAsyncLifetime
{
    public const string Secret = "whsec-test-4c1f8e";
    public StatusTestBed Status { get; } = new();
    public PlatformReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await PlatformReceiver.StartAsync(Secret, () => Status.Clock.GetUtcNow());
        Status.Settings["Platform:WebhookUrl"] = Receiver.Url;
        Status.Settings["Platform:WebhookSecret"] = Secret;
        Status.Settings["Platform:MaxAttempts"] = "3";
        await Status.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Status.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class PlatformTellingTests(PlatformBed bed) : IClassFixture<PlatformBed>
{
    private StatusTestBed Status => bed.Status;

    [Fact]
    public async Task The_platform_webhook_is_signed_retried_after_a_failure_and_logged()
    {
        var pushed = await Status.PushedAsync();
        await DrainAsync(); // what other tests left due goes first, so the queued answer meets this event
        await Status.ApplyAsync(pushed, StatusApplier.FromWebhook, Observation(pushed, AtsApplicationStatus.Hired, Status.Clock.GetUtcNow().AddMinutes(-1)));
        var eventId = await EventIdAsync(pushed);
        bed.Receiver.AnswerNext(503);

        await DrainAsync();
        var afterFailure = await EventAsync(eventId);
        Assert.Equal((PlatformDeliveryState.Pending, 1, 503), (afterFailure.DeliveryState, afterFailure.Attempts, afterFailure.LastStatusCode));
        Assert.True(afterFailure.NextAttemptAt > Status.Clock.GetUtcNow());
        await DrainAsync();
        Assert.Equal(1, (await EventAsync(eventId)).Attempts); // not due yet: the backoff holds

        Status.Clock.SetUtcNow(afterFailure.NextAttemptAt!.Value);
        await DrainAsync();

        var delivered = await EventAsync(eventId);
        Assert.Equal(PlatformDeliveryState.Delivered, delivered.DeliveryState);
        var mine = bed.Receiver.Deliveries.Where(d => d.Id == PlatformEventBody.EventId(eventId)).ToList();
        Assert.Equal([503, 200], mine.Select(d => d.Answered));
        Assert.All(mine, d => Assert.True(d.SignatureValid));
        using var json = JsonDocument.Parse(mine[^1].Body);
        Assert.Equal("application.hired", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("Workable", json.RootElement.GetProperty("source").GetString());
        var log = await Status.QueryAsync(db => db.Set<PlatformDeliveryAttempt>().Where(a => a.EventId == eventId).OrderBy(a => a.Attempt).ToListAsync());
        Assert.Equal([false, true], log.Select(a => a.Succeeded));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_dead_lettered_after_the_last_attempt()
    {
        var pushed = await Status.PushedAsync();
        await DrainAsync();
        await Status.ApplyAsync(pushed, StatusApplier.FromPoll, Observation(pushed, AtsApplicationStatus.Rejected, Status.Clock.GetUtcNow().AddMinutes(-1), "No"));
        var eventId = await EventIdAsync(pushed);
        bed.Receiver.AnswerNext(500, 500, 500);

        for (var i = 0; i < 3; i++)
        {
            await DrainAsync();
            var e = await EventAsync(eventId);
            if (e.NextAttemptAt is { } next && next > Status.Clock.GetUtcNow()) Status.Clock.SetUtcNow(next);
        }

        var dead = await EventAsync(eventId);
        Assert.Equal((PlatformDeliveryState.DeadLettered, 3), (dead.DeliveryState, dead.Attempts));
        Assert.Equal("The platform answered 500.", dead.LastError);
    }

    [Fact]
    public void A_signature_over_other_bytes_or_an_old_timestamp_does_not_verify()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\"}");
        var now = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var ts = now.ToUnixTimeSeconds();
        var signature = PlatformWebhookSignature.Sign(PlatformBed.Secret, "evt_1", ts, body);

        Assert.True(PlatformWebhookSignature.Verify(PlatformBed.Secret, "evt_1", ts.ToString(), signature, body, now));
        Assert.False(PlatformWebhookSignature.Verify(PlatformBed.Secret, "evt_1", ts.ToString(), signature, Encoding.UTF8.GetBytes("{\"id\": \"evt_1\"}"), now));
        Assert.False(PlatformWebhookSignature.Verify(PlatformBed.Secret, "evt_2", ts.ToString(), signature, body, now));
        Assert.False(PlatformWebhookSignature.Verify("another-secret", "evt_1", ts.ToString(), signature, body, now));
        Assert.False(PlatformWebhookSignature.Verify(PlatformBed.Secret, "evt_1", ts.ToString(), signature, body, now.AddMinutes(6)));
    }

    [Fact]
    public void Backoff_stays_within_full_jitter_bounds()
    {
        var options = new PlatformWebhookOptions { RetryBase = TimeSpan.FromSeconds(2), RetryCap = TimeSpan.FromMinutes(15) };
        using var scope = Status.Portal.Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<PlatformWebhookSender>();
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var ceiling = Math.Min(options.RetryCap.TotalMilliseconds, options.RetryBase.TotalMilliseconds * Math.Pow(2, attempt));
            for (var i = 0; i < 50; i++) Assert.InRange(sender.Backoff(attempt, options).TotalMilliseconds, 0, ceiling);
        }
    }

    [Fact]
    public async Task The_changes_feed_pages_by_cursor_and_needs_the_api_key()
    {
        using var http = Status.Portal.CreateClient();
        var start = await ReadAllAsync(http, null);
        var pushed = new List<PushedApplication>();
        for (var i = 0; i < 3; i++)
        {
            var p = await Status.PushedAsync();
            pushed.Add(p);
            await Status.ApplyAsync(p, StatusApplier.FromPoll, Observation(p, AtsApplicationStatus.Rejected, Status.Clock.GetUtcNow(), $"Reason {i}"));
            Status.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Status.Clock.Advance(TimeSpan.FromSeconds(5));

        var first = await PageAsync(http, start.Next, 2);
        var second = await PageAsync(http, first.Next, 2);
        var third = await PageAsync(http, second.Next, 2);

        Assert.Equal(2, first.Changes.Count);
        Assert.True(first.HasMore);
        Assert.Single(second.Changes);
        Assert.False(second.HasMore);
        Assert.Empty(third.Changes);
        Assert.Equal(second.Next, third.Next);
        Assert.Equal(pushed.Select(p => p.ApplicationId).Select(_ => "rejected"), first.Changes.Concat(second.Changes).Select(c => c.GetProperty("outcome").GetString()));
        Assert.Equal(["Reason 0", "Reason 1", "Reason 2"], first.Changes.Concat(second.Changes).Select(c => c.GetProperty("reason").GetString()));

        using var anonymous = Status.Portal.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/marketplace/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await new PlatformClient(http).ChangesAsync("?after=not-a-cursor")).StatusCode);
    }

    [Fact]
    public async Task The_feed_holds_a_Teamtailor_rejection_until_the_candidate_may_see_it()
    {
        using var http = Status.Portal.CreateClient();
        var start = await ReadAllAsync(http, null);
        var pushed = await Status.PushedAsync(AtsKind.Teamtailor);
        var visibleAt = Status.Clock.GetUtcNow().AddHours(6);
        await Status.ApplyAsync(pushed, StatusApplier.FromPoll,
            Observation(pushed, AtsApplicationStatus.Rejected, Status.Clock.GetUtcNow(), "Not a fit") with { VisibleToCandidateAt = visibleAt });
        Status.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty((await PageAsync(http, start.Next, 100)).Changes);
        var eventId = await EventIdAsync(pushed);
        await DrainAsync();
        Assert.Equal(0, (await EventAsync(eventId)).Attempts);

        Status.Clock.SetUtcNow(visibleAt.AddSeconds(5));
        var page = await PageAsync(http, start.Next, 100);
        var change = Assert.Single(page.Changes);
        Assert.Equal(visibleAt, change.GetProperty("candidateVisibleAt").GetDateTimeOffset());
        await DrainAsync();
        Assert.Equal(PlatformDeliveryState.Delivered, (await EventAsync(eventId)).DeliveryState);
    }

    [Fact]
    public async Task A_rejection_in_the_portal_tells_the_platform_too_and_an_interview_request_does_not()
    {
        var pushed = await Status.PushedAsync();
        var other = await Status.AddPushToAsync(pushed);
        await using var scope = Status.ScopeFor(pushed.CompanyId);
        var workflow = scope.ServiceProvider.GetRequiredService<ApplicationWorkflow>();

        await workflow.RejectAsync(pushed.ApplicationId, "admin@status.example", "Not now", default);

        var events = await Status.QueryAsync(db => db.Set<PlatformEvent>().Where(e => e.CompanyId == pushed.CompanyId).ToListAsync());
        var e = Assert.Single(events);
        Assert.Equal((pushed.ApplicationId, PlatformEvents.CircularSource, ApplicationStage.Rejected), (e.ApplicationId, e.Source, e.Outcome));
        Assert.DoesNotContain(events, x => x.ApplicationId == other.ApplicationId);
    }

    private sealed record Page(List<JsonElement> Changes, string Next, bool HasMore);

    private async Task<Page> ReadAllAsync(HttpClient http, string? after)
    {
        Status.Clock.Advance(TimeSpan.FromSeconds(5));
        var page = await PageAsync(http, after, 500);
        while (page.HasMore) page = await PageAsync(http, page.Next, 500);
        return page;
    }

    private static async Task<Page> PageAsync(HttpClient http, string? after, int limit)
    {
        var response = await new PlatformClient(http).ChangesAsync($"?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Page(body.GetProperty("changes").EnumerateArray().ToList(), body.GetProperty("next").GetString()!, body.GetProperty("hasMore").GetBoolean());
    }

    private async Task<int> DrainAsync()
    {
        await using var scope = Status.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformWebhookSender>().DrainAsync(default);
    }

    private Task<long> EventIdAsync(PushedApplication p) =>
        Status.QueryAsync(db => db.Set<PlatformEvent>().Where(e => e.ApplicationId == p.ApplicationId).Select(e => e.Id).SingleAsync());

    private Task<PlatformEvent> EventAsync(long id) =>
        Status.QueryAsync(db => db.Set<PlatformEvent>().AsNoTracking().SingleAsync(e => e.Id == id));
}
