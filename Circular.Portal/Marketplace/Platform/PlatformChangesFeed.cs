using System.Globalization;
using Circular.Portal.Data;
using Circular.Portal.Marketplace.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Marketplace.Platform;

/// <summary>
/// <c>GET /api/marketplace/changes?after={cursor}&amp;limit=100</c>, authenticated like the rest of the Marketplace API:
/// every outcome in the order the platform may learn of it, paged by an opaque cursor. Start without <c>after</c>, then
/// pass the <c>next</c> of each page; an empty page keeps the same cursor. Events appear only once the ATS lets the
/// candidate side know (Teamtailor transparent recruiting).
/// </summary>
public static class PlatformChangesFeed
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapPlatformChangesFeed(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/marketplace")
            .AddEndpointFilter<PlatformApiKeyFilter>()
            .MapGet("/changes", ReadAsync);
        return app;
    }

    private static async Task<IResult> ReadAsync(string? after, int? limit, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        services.GetRequiredService<TenantContext>().RunAsSystem("MarketplaceChangesFeed");
        if (!TryParseCursor(after, out var cursor))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["Pass the 'next' value of an earlier page, or nothing to start."] },
                title: "The cursor is not valid.");
        }
        var take = Math.Clamp(limit ?? 100, 1, MaxLimit);
        var settle = services.GetRequiredService<IOptions<PlatformWebhookOptions>>().Value.FeedSettleDelay;
        var until = services.GetRequiredService<TimeProvider>().GetUtcNow() - settle;

        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        var (at, id) = cursor;
        var rows = await db.Set<PlatformEvent>().AsNoTracking()
            .Where(e => e.PublishAt <= until && (e.PublishAt > at || (e.PublishAt == at && e.Id > id)))
            .OrderBy(e => e.PublishAt).ThenBy(e => e.Id)
            .Take(take + 1)
            .ToListAsync(ct);
        var page = rows.Take(take).ToList();
        var next = page.Count == 0 ? after ?? FormatCursor(DateTimeOffset.MinValue, 0) : FormatCursor(page[^1].PublishAt, page[^1].Id);
        return Results.Ok(new
        {
            changes = page.Select(PlatformEventBody.From),
            next,
            hasMore = rows.Count > take,
        });
    }

    public static string FormatCursor(DateTimeOffset publishAt, long id) =>
        string.Create(CultureInfo.InvariantCulture, $"{(publishAt == DateTimeOffset.MinValue ? 0 : publishAt.UtcTicks)}-{id}");

    private static bool TryParseCursor(string? value, out (DateTimeOffset At, long Id) cursor)
    {
        cursor = (DateTimeOffset.MinValue, 0);
        if (string.IsNullOrEmpty(value)) return true;
        var parts = value.Split('-');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        cursor = (ticks == 0 ? DateTimeOffset.MinValue : new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
