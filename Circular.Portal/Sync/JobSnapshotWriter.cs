using Circular.Portal.Connections;
using Circular.Portal.Data;
using Circular.Portal.Jobs;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Sync;

/// <summary>Writes a batch of vendor jobs into the connection's snapshot: insert the new, update the changed, one query per batch.</summary>
public sealed class JobSnapshotWriter(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(int Added, int Updated)> UpsertAsync(AtsConnection connection, IReadOnlyList<AtsJobRecord> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return (0, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = batch.Select(j => j.ExternalId).Distinct().ToList();
        var existing = await db.AtsJobs.Where(j => j.ConnectionId == connection.Id && ids.Contains(j.ExternalId))
            .ToDictionaryAsync(j => j.ExternalId, ct);
        var now = clock.GetUtcNow();
        int added = 0, updated = 0;
        foreach (var record in batch.DistinctBy(j => j.ExternalId))
        {
            if (!existing.TryGetValue(record.ExternalId, out var row))
            {
                row = new AtsJob { CompanyId = connection.CompanyId, ConnectionId = connection.Id, ExternalId = record.ExternalId, Title = record.Title };
                db.AtsJobs.Add(row);
                added++;
            }
            else if (Differs(row, record))
            {
                updated++;
            }
            Apply(row, record);
            row.LastSeenAt = now;
            row.MissingSince = null;
        }
        await db.SaveChangesAsync(ct);
        return (added, updated);
    }

    /// <summary>
    /// After a full listing that started at <paramref name="listingStartedAt"/>: the connection's jobs it did not return
    /// are gone at the vendor. They stay in the snapshot (links and history point at them), marked missing.
    /// </summary>
    public async Task<int> MarkMissingAsync(int connectionId, DateTimeOffset listingStartedAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.AtsJobs.Where(j => j.ConnectionId == connectionId && j.LastSeenAt < listingStartedAt && j.MissingSince == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.MissingSince, now).SetProperty(j => j.UpdatedAt, now), ct);
    }

    private static bool Differs(AtsJob row, AtsJobRecord r) =>
        row.Title != Trim(r.Title, 300) || row.Status != r.Status || row.Location != r.Location || row.Department != r.Department
        || row.EmploymentType != r.EmploymentType || row.DescriptionHtml != r.DescriptionHtml || row.VendorUpdatedAt != r.UpdatedAt
        || row.VendorState != Trim(r.VendorState, 60) || row.Internal != r.Internal;

    private static void Apply(AtsJob row, AtsJobRecord r)
    {
        row.Title = Trim(r.Title, 300)!;
        row.Status = r.Status;
        row.VendorState = Trim(r.VendorState, 60);
        row.Internal = r.Internal;
        row.Location = Trim(r.Location, 300);
        row.Department = Trim(r.Department, 200);
        row.EmploymentType = Trim(r.EmploymentType, 100);
        row.DescriptionHtml = Trim(r.DescriptionHtml, 100_000);
        row.Url = Trim(r.Url, 500);
        row.VendorUpdatedAt = r.UpdatedAt;
    }

    private static string? Trim(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
