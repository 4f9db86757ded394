using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace Circular.Portal.Marketplace;

public static class CvEndpoints
{
    public static IEndpointRouteBuilder MapCvEndpoints(this IEndpointRouteBuilder app)
    {
        // The owning company's download: the tenant filter makes another company's candidate a 404.
        // A sensitive read: each download is a line of the audit log (also when support views as the company).
        app.MapGet("/files/cv/{candidateId:int}", async (int candidateId, HttpContext http, IDbContextFactory<PortalDbContext> dbFactory, CvStore store,
            Data.Audit.Auditor auditor, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var cv = await db.Candidates.AsNoTracking().Where(c => c.Id == candidateId).Select(c => c.Cv).SingleOrDefaultAsync(ct);
            if (cv is not null) await auditor.RecordAsync("Cv.Downloaded", $"Candidate {candidateId}", cv.FileName, ct);
            return Serve(http, cv, store);
        }).RequireAuthorization(Accounts.PortalPolicies.CompanyAdmin);

        // A short-lived signed link for one CV, for ATSes that fetch a CV by URL.
        // Each fetch is logged on the push's timeline ("CV fetched by Teamtailor at 14:02").
        app.MapGet("/public/cv/{candidateId:int}", async (int candidateId, string? t, CvLinks links,
            HttpContext http, IServiceProvider services, CvStore store, CancellationToken ct) =>
        {
            if (links.Read(candidateId, t) is not { } claim) return Results.NotFound();
            services.GetRequiredService<TenantContext>().RunAsSystem("SignedCvLink");
            await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
            var cv = await db.Candidates.AsNoTracking().Where(c => c.Id == candidateId).Select(c => c.Cv).SingleOrDefaultAsync(ct);
            if (cv is not null && claim.PushId is { } pushId)
            {
                await services.GetRequiredService<Sync.Push.CvFetchLog>().RecordAsync(db, pushId, ct);
            }
            return Serve(http, cv, store);
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Always a download (<c>Content-Disposition: attachment</c>, from the file name), never sniffed into another type,
    /// and never run as a page even if a browser opened it: nosniff and a sandboxing CSP on the response itself.
    /// </summary>
    private static IResult Serve(HttpContext http, CvFile? cv, CvStore store)
    {
        if (cv is null) return Results.NotFound();
        var stream = store.OpenRead(cv);
        if (stream is null) return Results.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.File(stream, cv.ContentType, fileDownloadName: cv.FileName);
    }
}
