using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync.Push;

/// <summary>Writes "CV fetched by {vendor} at …" on a push's timeline when a vendor fetches the CV link it was given.</summary>
public sealed class CvFetchLog(AtsProviders providers, SyncEvents events, TimeProvider clock, ILogger<CvFetchLog> log)
{
    public async Task RecordAsync(PortalDbContext db, long pushId, CancellationToken ct)
    {
        var push = await db.Set<CandidatePush>().SingleOrDefaultAsync(p => p.Id == pushId, ct);
        if (push is null) return;
        var kind = await db.Connections.Where(c => c.Id == push.ConnectionId).Select(c => (AtsKind?)c.Kind).SingleOrDefaultAsync(ct);
        var vendor = kind is { } k ? providers.Get(k).Traits.DisplayName : "the ATS";
        var now = clock.GetUtcNow();
        PushOutbox.AddEvent(db, push, PushEventKind.CvFetched, $"CV fetched by {vendor} at {now:HH:mm} UTC", now);
        await db.SaveChangesAsync(ct);
        // The fetch often comes after the push's last change: tell open timelines, or they show it only on reload.
        await events.PublishAsync(push.CompanyId);
        log.LogInformation("CV of push {PushId} fetched by {Vendor}", pushId, vendor);
    }
}
