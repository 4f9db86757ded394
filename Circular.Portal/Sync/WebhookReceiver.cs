using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync;

/// <summary>
/// <c>POST /hooks/{vendor}/{publicId}</c>: verifies the delivery by the vendor's scheme with the connection's secret,
/// stores each event once (deduplicated by an id taken from signed content) and answers fast. Unknown or disconnected
/// connections get 404, bad signatures 401; neither says more. 2xx means every event of the delivery is stored (now or
/// by an earlier delivery); when the database cannot store them the answer is 503, so the vendor delivers again.
/// </summary>
public static class WebhookReceiver
{
    public const int MaxBodyBytes = 512 * 1024;

    public static IEndpointRouteBuilder MapWebhookReceiver(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/{vendor}/{publicId}", ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(string vendor, string publicId, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        services.GetRequiredService<TenantContext>().RunAsSystem(nameof(WebhookReceiver));
        if (!AtsProviders.TryParseKind(vendor, out var kind)) return Results.NotFound();

        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(WebhookReceiver));
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var connection = await db.Connections.AsNoTracking()
                .SingleOrDefaultAsync(c => c.PublicId == publicId && c.Kind == kind && c.State != ConnectionState.Disconnected, ct);
            if (connection is null) return Results.NotFound();
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            // After a rotation the previous secret still verifies for a grace window (RELIABILITY ).
            var secrets = services.GetRequiredService<CredentialVault>().Unprotect(connection)?.WebhookSecretsAcceptedAt(now) ?? [];
            if (secrets.Count == 0) return Results.NotFound();

            var provider = services.GetRequiredService<AtsProviders>().Get(kind);
            var delivery = new AtsWebhookDelivery(
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
            if (!secrets.Any(secret => provider.VerifyWebhook(delivery, secret)))
            {
                log.LogWarning("Refused a {Vendor} webhook with a bad or stale signature for connection {ConnectionId}", kind, connection.Id);
                return Results.Unauthorized();
            }

            var stored = await StoreAsync(db, connection, provider.ParseWebhook(delivery), now, ct);
            await MarkWebhooksWorkingAsync(db, connection.Id, now, ct);
            // The connection's worker processes the new events at once (re-reading the vendor); the rows are the truth.
            if (stored > 0) services.GetRequiredService<Push.PushSignals>().Wake(connection.Id);
            return Results.Ok();
        }
        catch (Exception e) when (e is DbUpdateException or SqliteException)
        {
            // Locked past the busy timeout, read-only, disk full...: nothing (or not everything) is stored, so the vendor
            // must deliver again. Events already stored are skipped then.
            log.LogError(e, "Could not store a {Vendor} webhook delivery; answering 503 so the vendor delivers it again", kind);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not stored",
                detail: "The delivery could not be stored; send it again.");
        }
    }

    /// <summary>
    /// Inserts each event on its own, ignoring one already stored (the unique index on connection and event id is the
    /// judge, so a concurrent redelivery cannot make us drop the other events of this one). Anything but a duplicate throws.
    /// </summary>
    private static async Task<int> StoreAsync(PortalDbContext db, AtsConnection connection, IReadOnlyList<AtsWebhookEvent> events,
        DateTimeOffset now, CancellationToken ct)
    {
        if (events.Count == 0) return 0;
        var stored = 0;
        var ids = events.Select(e => e.EventId).ToList();
        // Redeliveries are common: skip what is known without provoking a failed insert for each.
        var known = await db.Set<WebhookDelivery>().Where(w => w.ConnectionId == connection.Id && ids.Contains(w.EventId))
            .Select(w => w.EventId).ToListAsync(ct);
        foreach (var e in events.Where(e => !known.Contains(e.EventId)).DistinctBy(e => e.EventId))
        {
            var row = db.Add(new WebhookDelivery
            {
                CompanyId = connection.CompanyId, ConnectionId = connection.Id, EventId = e.EventId, EventType = e.EventType,
                CandidateId = e.CandidateId, ApplicationId = e.ApplicationId, Status = e.Status, Reason = e.Reason,
                OccurredAt = e.OccurredAt, ReceivedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                stored++;
            }
            catch (DbUpdateException duplicate) when (duplicate.IsUniqueViolation())
            {
                // A concurrent delivery stored this event first: it is recorded once, which is all we want.
            }
            finally
            {
                row.State = EntityState.Detached;
            }
        }
        return stored;
    }

    /// <summary>A signed delivery proves webhooks work: the set-up warning goes, and the settings page shows when the last one came.</summary>
    private static Task MarkWebhooksWorkingAsync(PortalDbContext db, int connectionId, DateTimeOffset now, CancellationToken ct) =>
        db.Connections.Where(c => c.Id == connectionId && (c.WebhookWarning != null || c.LastWebhookAt == null || c.LastWebhookAt < now.AddMinutes(-1)))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.WebhookWarning, (string?)null).SetProperty(c => c.LastWebhookAt, now), ct);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
