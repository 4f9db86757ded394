using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Circular.Portal.Data;
using Circular.Portal.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>
/// Drains <see cref="PlatformEvent"/> rows to the platform's webhook URL: takes a lease on each due row (a crashed sender's
/// lease runs out and another picks the row up), posts the signed body once, logs the attempt, and on failure schedules
/// the next try with full-jitter backoff until <see cref="PlatformWebhookOptions.MaxAttempts"/>, then dead-letters it.
/// The platform must dedupe on the event id: delivery is at least once.
/// </summary>
public sealed class PlatformWebhookSender(
    IDbContextFactory<PortalDbContext> dbFactory,
    IHttpClientFactory httpClients,
    IOptionsMonitor<PlatformWebhookOptions> options,
    TimeProvider clock,
    ILogger<PlatformWebhookSender> log)
{
    public const string HttpClientName = "platform-webhooks";
    private const int BatchSize = 20;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly string _instance = Lessee();

    private static string Lessee()
    {
        var name = $"{Environment.MachineName}-{Guid.NewGuid():N}";
        return name.Length > 100 ? name[^100..] : name;
    }

    /// <summary>Used by the backoff; tests may fix it.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Sends every event that is due now; returns how many were delivered.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var settings = options.CurrentValue;
        var delivered = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await LeaseDueAsync(settings, ct);
            if (batch.Count == 0) break;
            foreach (var id in batch)
            {
                if (await SendOneAsync(id, settings, ct)) delivered++;
            }
            if (batch.Count < BatchSize) break;
        }
        return delivered;
    }

    private async Task<List<long>> LeaseDueAsync(PlatformWebhookOptions settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Set<PlatformEvent>()
            .Where(e => e.DeliveryState == PlatformDeliveryState.Pending && e.NextAttemptAt <= now && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return [];
        if (string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            // Nobody to call: the feed serves these; they do not wait for a URL set later.
            foreach (var e in due)
            {
                e.DeliveryState = PlatformDeliveryState.NotConfigured;
                e.Version = Guid.NewGuid();
            }
            await db.SaveChangesAsync(ct);
            return [];
        }
        var leased = new List<long>();
        foreach (var e in due)
        {
            await using var claim = await db.TryLockRowAsync<PlatformEvent>(e.Id, ct);
            if (claim is null)
            {
                db.Entry(e).State = EntityState.Detached; // another node is leasing it
                continue;
            }
            e.LockedUntil = now + Lease;
            e.LockedBy = _instance;
            e.Version = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(ct);
                await claim.CommitAsync(ct);
                leased.Add(e.Id);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another sender leased it first.
                db.Entry(e).State = EntityState.Detached;
            }
        }
        return leased;
    }

    private async Task<bool> SendOneAsync(long id, PlatformWebhookOptions settings, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Set<PlatformEvent>().SingleAsync(x => x.Id == id, ct);
        if (e.LockedBy != _instance || e.DeliveryState != PlatformDeliveryState.Pending) return false;

        var body = JsonSerializer.SerializeToUtf8Bytes(PlatformEventBody.From(e), PlatformEventBody.Json);
        var eventId = PlatformEventBody.EventId(e.Id);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(PlatformWebhookSignature.IdHeader, eventId);
        request.Headers.Add(PlatformWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(PlatformWebhookSignature.SignatureHeader, PlatformWebhookSignature.Sign(settings.WebhookSecret ?? "", eventId, timestamp, body));

        int? status = null;
        string? error = null;
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.RequestTimeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"The platform answered {status}.";
        }
        catch (Exception x) when (x is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = x is TaskCanceledException ? "The platform did not answer in time." : $"The platform could not be reached: {x.Message}";
        }
        watch.Stop();

        var now = clock.GetUtcNow();
        e.Attempts++;
        e.LastStatusCode = status;
        e.LockedUntil = null;
        e.LockedBy = null;
        e.Version = Guid.NewGuid();
        db.Add(new PlatformDeliveryAttempt
        {
            CompanyId = e.CompanyId, EventId = e.Id, Attempt = e.Attempts, At = now, StatusCode = status,
            Succeeded = error is null, Error = error, DurationMs = watch.ElapsedMilliseconds,
        });
        if (error is null)
        {
            e.DeliveryState = PlatformDeliveryState.Delivered;
            e.DeliveredAt = now;
            e.LastError = null;
        }
        else if (e.Attempts >= settings.MaxAttempts)
        {
            e.DeliveryState = PlatformDeliveryState.DeadLettered;
            e.LastError = error;
            log.LogWarning("Platform event {EventId} dead-lettered after {Attempts} attempts: {Error}", e.Id, e.Attempts, error);
        }
        else
        {
            e.LastError = error;
            e.NextAttemptAt = now + Backoff(e.Attempts, settings);
            log.LogInformation("Platform event {EventId} attempt {Attempt} failed ({Error}); next at {Next}", e.Id, e.Attempts, error, e.NextAttemptAt);
        }
        await db.SaveChangesAsync(ct);
        return error is null;
    }

    private static readonly TimeSpan MinimumBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>Full jitter: a random wait in [0, min(cap, base·2^attempt)], never zero so a row is not hammered.</summary>
    public TimeSpan Backoff(int attempt, PlatformWebhookOptions settings)
    {
        var jittered = RetryBackoff.FullJitter(attempt + 1, settings.RetryBase, settings.RetryCap, Random);
        return jittered < MinimumBackoff ? MinimumBackoff : jittered;
    }
}
