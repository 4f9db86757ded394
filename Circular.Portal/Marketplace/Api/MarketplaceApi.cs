using System.Text.Json;
using Circular.Portal.Data;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Circular.Portal.Marketplace.Api;

/// <summary>The calls the Circular platform makes: a new application, and the candidate's answer to an interview request.</summary>
public static class MarketplaceApi
{
    private const string SystemName = "MarketplaceApi";

    public static IEndpointRouteBuilder MapMarketplaceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/marketplace")
            .AddEndpointFilter<PlatformApiKeyFilter>()
            .DisableAntiforgery();
        api.MapPost("/applications", CreateApplicationAsync)
            .WithMetadata(new RequestSizeLimitAttribute(CvStore.MaxBytes + 1024 * 1024));
        api.MapPost("/applications/{platformApplicationId}/interview-accepted",
            (string platformApplicationId, HttpContext http, CancellationToken ct) =>
                AnswerAsync(platformApplicationId, ApplicationStage.InterviewAccepted, http, ct));
        api.MapPost("/applications/{platformApplicationId}/interview-declined",
            (string platformApplicationId, HttpContext http, CancellationToken ct) =>
                AnswerAsync(platformApplicationId, ApplicationStage.InterviewDeclined, http, ct));
        return app;
    }

    private static async Task<IResult> CreateApplicationAsync(HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        services.GetRequiredService<TenantContext>().RunAsSystem(SystemName);
        var cvStore = services.GetRequiredService<CvStore>();

        var (request, cv, error) = await ReadRequestAsync(http.Request, cvStore, ct);
        if (error is not null)
        {
            if (cv is not null) cvStore.Delete(cv);
            return error;
        }
        var validation = await services.GetRequiredService<IValidator<NewApplicationRequest>>().ValidateAsync(request!, ct);
        if (!validation.IsValid)
        {
            if (cv is not null) cvStore.Delete(cv);
            return Results.ValidationProblem(validation.ToDictionary(), title: "The application is not valid.");
        }
        request!.LinkedInUrl = ContactFields.NormaliseLinkedIn(request.LinkedInUrl);

        var result = await services.GetRequiredService<ApplicationIntake>().ReceiveAsync(request!, cv, ct);
        return result.Outcome switch
        {
            IntakeOutcome.Created => Results.Created($"/api/marketplace/applications/{result.Application!.PlatformApplicationId}", Body(result.Application)),
            IntakeOutcome.AlreadyExists => Results.Ok(Body(result.Application!)),
            IntakeOutcome.ConflictingRetry => Results.Problem(statusCode: 409, title: "Conflict", detail: result.Message),
            IntakeOutcome.JobNotFound => Results.Problem(statusCode: 404, title: "Job not found", detail: result.Message),
            _ => Results.Problem(statusCode: 422, title: "Job not open", detail: result.Message),
        };
    }

    private static async Task<IResult> AnswerAsync(string platformApplicationId, ApplicationStage answer, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        services.GetRequiredService<TenantContext>().RunAsSystem(SystemName);
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.Applications.SingleOrDefaultAsync(a => a.PlatformApplicationId == platformApplicationId, ct);
        if (application is null)
        {
            return Results.Problem(statusCode: 404, title: "Application not found", detail: $"No application {platformApplicationId}.");
        }
        var result = await services.GetRequiredService<ApplicationWorkflow>()
            .MoveAsync(db, application, answer, ApplicationIntake.PlatformActor, null, ct);
        return result.Outcome switch
        {
            StageMoveOutcome.Moved or StageMoveOutcome.AlreadyThere => Results.Ok(Body(application)),
            StageMoveOutcome.Conflict => Results.Problem(statusCode: 409, title: "Conflict", detail: result.Message),
            _ => Results.Problem(statusCode: 409, title: "Stage change refused", detail: result.Message),
        };
    }

    private static object Body(Application a) => new
    {
        applicationId = a.Id,
        a.PlatformApplicationId,
        a.JobId,
        a.CandidateId,
        stage = a.Stage.ToString(),
    };

    private static async Task<(NewApplicationRequest? Request, CvFile? Cv, IResult? Error)> ReadRequestAsync(
        HttpRequest request, CvStore cvStore, CancellationToken ct)
    {
        if (request.HasJsonContentType())
        {
            try
            {
                var body = await request.ReadFromJsonAsync<NewApplicationRequest>(ct);
                return body is null ? (null, null, BadBody("The body is empty.")) : (body, null, null);
            }
            catch (JsonException e)
            {
                return (null, null, BadBody($"The JSON body could not be read: {e.Message}"));
            }
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, Results.Problem(statusCode: 415, title: "Unsupported media type",
                detail: "Send application/json, or multipart/form-data with a 'cv' file part."));
        }
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) return (null, null, BadBody("The multipart boundary is missing."));

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        CvFile? cv = null;
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (!name.Equals("cv", StringComparison.OrdinalIgnoreCase)) continue;
                    if (cv is not null) return (null, cv, BadBody("Send at most one CV."));
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "cv";
                    var saved = await cvStore.SaveAsync(section.Body, fileName, ct);
                    if (saved.Error is not null)
                    {
                        return (null, null, Results.ValidationProblem(
                            new Dictionary<string, string[]> { ["cv"] = [saved.Error] }, title: "The CV was refused."));
                    }
                    cv = saved.File;
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    fields[name] = await text.ReadToEndAsync(ct);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            return (null, cv, BadBody($"The multipart body could not be read: {e.Message}"));
        }

        var model = new NewApplicationRequest
        {
            PlatformApplicationId = fields.GetValueOrDefault("platformApplicationId", ""),
            JobId = int.TryParse(fields.GetValueOrDefault("jobId"), out var jobId) ? jobId : 0,
            FirstName = fields.GetValueOrDefault("firstName", ""),
            LastName = fields.GetValueOrDefault("lastName", ""),
            Email = fields.GetValueOrDefault("email", ""),
            Phone = fields.GetValueOrDefault("phone"),
            LinkedInUrl = fields.GetValueOrDefault("linkedInUrl"),
        };
        return (model, cv, null);
    }

    private static IResult BadBody(string detail) => Results.Problem(statusCode: 400, title: "Bad request", detail: detail);
}
