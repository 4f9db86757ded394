using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

public static class CvEndpoints
{
    public static IEndpointRouteBuilder MapCvEndpoints(this IEndpointRouteBuilder app)
    {
        // The owning company's download: the tenant filter makes another company's candidate a 404.
        app.MapGet("/files/cv/{candidateId:int}", async (int candidateId, IDbContextFactory<PortalDbContext> dbFactory, CvStore store, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var cv = await db.Candidates.AsNoTracking().Where(c => c.Id == candidateId).Select(c => c.Cv).SingleOrDefaultAsync(ct);
            return Serve(cv, store);
        }).RequireAuthorization(policy => policy.RequireRole(Accounts.PortalRoles.CompanyAdmin));

        // A short-lived signed link for one CV, for ATSes that fetch a CV by URL.
        // Each fetch is logged on the push's timeline ("CV fetched by Teamtailor at 14:02").
        app.MapGet("/public/cv/{candidateId:int}", async (int candidateId, string? t, CvLinks links,
            IServiceProvider services, CvStore store, CancellationToken ct) =>
        {
            if (links.Read(candidateId, t) is not { } claim) return Results.NotFound();
            services.GetRequiredService<TenantContext>().RunAsSystem("SignedCvLink");
            await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
            var cv = await db.Candidates.AsNoTracking().Where(c => c.Id == candidateId).Select(c => c.Cv).SingleOrDefaultAsync(ct);
            if (cv is not null && claim.PushId is { } pushId)
            {
                await services.GetRequiredService<Sync.Push.CvFetchLog>().RecordAsync(db, pushId, ct);
            }
            return Serve(cv, store);
        }).AllowAnonymous();
        return app;
    }

    private static IResult Serve(CvFile? cv, CvStore store)
    {
        if (cv is null) return Results.NotFound();
        var stream = store.OpenRead(cv);
        return stream is null ? Results.NotFound() : Results.File(stream, cv.ContentType, cv.FileName);
    }
}
