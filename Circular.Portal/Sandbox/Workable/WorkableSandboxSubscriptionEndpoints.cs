using System.Text.Json;
using static Circular.Portal.Sandbox.Workable.WorkableSandboxApi;

namespace Circular.Portal.Sandbox.Workable;

/// <summary>Webhook subscriptions: one per target URL (a second gets 409), signed later with the subscribing token.</summary>
internal static class WorkableSandboxSubscriptionEndpoints
{
    private static readonly string[] Events =
    [
        WorkableSandboxStore.CreatedEvent, WorkableSandboxStore.MovedEvent,
        "employee_created", "employee_updated", "employee_published", "onboarding_completed", "timeoff_updated",
    ];

    public static IResult List(WorkableCall call)
    {
        lock (call.Account)
        {
            return Json(new { subscriptions = call.Account.Subscriptions.Select(Wire).ToList() });
        }
    }

    public static async Task<IResult> CreateAsync(WorkableCall call)
    {
        WireSubscribe? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<WireSubscribe>(call.Http.Request.Body, WorkableWireJson.Options, call.Http.RequestAborted);
        }
        catch (JsonException)
        {
            throw new WorkableSandboxInvalid("Invalid JSON body");
        }
        if (!Uri.TryCreate(body?.Target, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
        {
            throw new WorkableSandboxInvalid("Validation failed: target must be an absolute URL");
        }
        if (!Events.Contains(body!.Event)) throw new WorkableSandboxInvalid($"Validation failed: event must be one of {string.Join(", ", Events)}");
        if (body.Args is { } args && (args.JobShortcode is null || args.StageSlug is null))
        {
            throw new WorkableSandboxInvalid("Validation failed: args needs job_shortcode and stage_slug (\"\" for all)");
        }

        lock (call.Account)
        {
            if (call.Account.Subscriptions.Any(s => s.Target.Equals(target.AbsoluteUri, StringComparison.OrdinalIgnoreCase)))
            {
                return Error(409, "Conflict: a subscription for this target already exists");
            }
            var subscription = new WorkableSubscriptionState
            {
                Id = call.Account.NextSubscription++,
                Target = target.AbsoluteUri,
                Event = body.Event!,
                JobShortcode = body.Args?.JobShortcode ?? "",
                StageSlug = body.Args?.StageSlug ?? "",
                SigningToken = call.Token,
                CreatedAt = call.Store.Clock.GetUtcNow(),
            };
            call.Account.Subscriptions.Add(subscription);
            return Json(new { id = subscription.Id }, 201);
        }
    }

    public static IResult Delete(WorkableCall call)
    {
        var id = call.Http.GetRouteValue("id") as string;
        lock (call.Account)
        {
            var removed = call.Account.Subscriptions.RemoveAll(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id);
            return removed == 0 ? Error(404, "Not found") : Results.NoContent();
        }
    }

    private static WireSubscription Wire(WorkableSubscriptionState s) =>
        new(s.Id, s.Target, s.Event, null, WorkableWireJson.Time(s.CreatedAt), s.StageSlug, s.JobShortcode);
}
