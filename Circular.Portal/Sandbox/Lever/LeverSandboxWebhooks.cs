using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Circular.Portal.Sandbox.Lever;

/// <summary>
/// Webhooks managed through the API (POST /webhooks returns a signatureToken per webhook) and their signed deliveries:
/// signature = hex(HMAC-SHA256(key = signatureToken, message = token + triggeredAt)), in the body, no header.
/// </summary>
internal sealed class LeverSandboxWebhooks(LeverSandboxStore store, LeverSandboxGate gate, SandboxWebhookSender sender)
{
    public static readonly IReadOnlySet<string> Events = new HashSet<string>
    {
        "applicationCreated", "candidateHired", "candidateStageChange", "candidateArchiveChange", "candidateDeleted",
        "interviewCreated", "interviewUpdated", "interviewDeleted", "contactCreated", "contactUpdated",
    };

    public void Map(IEndpointRouteBuilder v1, string env)
    {
        v1.MapGet("/webhooks", async (HttpContext http) =>
        {
            var (account, refusal) = await gate.EnterAsync(http, env, "webhooks", write: false);
            if (account is null) return refusal!;
            // Vendor docs list webhooks:read:admin for listing next to webhooks:write:admin for managing; whether write
            // implies read here is unconfirmed, so the Sandbox plays the stricter reading.
            if (!gate.HasScope(http, env, "webhooks:read:admin"))
            {
                return LeverSandboxGate.Error(403, "ForbiddenError", "The token does not have the required scope webhooks:read:admin");
            }
            lock (account.Lock) return Results.Json(LeverSandboxWire.Page(account.Webhooks.Select(Wire).ToList(), 0, 100), LeverSandboxWire.Json);
        });
        v1.MapPost("/webhooks", LeverSandboxGate.Handler(http => CreateAsync(http, env)));
        v1.MapDelete("/webhooks/{id}", async (HttpContext http, string id) =>
        {
            var (account, refusal) = await gate.EnterAsync(http, env, "webhooks", write: true);
            if (account is null) return refusal!;
            lock (account.Lock)
            {
                return account.Webhooks.RemoveAll(w => w.Id == id) > 0
                    ? Results.NoContent()
                    : LeverSandboxGate.Error(404, "ResourceNotFound", $"webhooks {id} was not found");
            }
        });
    }

    /// <summary>As a Super Admin would add one in Lever's settings; returns the signature token Lever shows there.</summary>
    public LeverSandboxWebhook Add(LeverSandboxAccountState account, string eventName, string url)
    {
        var hook = new LeverSandboxWebhook(Guid.NewGuid().ToString(), eventName, url, RandomToken(), store.NowMs);
        lock (account.Lock) account.Webhooks.Add(hook);
        return hook;
    }

    /// <summary>Signs and queues one delivery per webhook of the event. Call with or without the account lock held.</summary>
    public void Fire(LeverSandboxAccountState account, string eventName, object data)
    {
        List<LeverSandboxWebhook> hooks;
        lock (account.Lock) hooks = account.Webhooks.Where(w => w.Event == eventName).ToList();
        foreach (var hook in hooks)
        {
            var triggeredAt = store.NowMs;
            var token = RandomToken();
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hook.SignatureToken), Encoding.UTF8.GetBytes(token + triggeredAt)));
            var body = JsonSerializer.SerializeToUtf8Bytes(new { id = Guid.NewGuid().ToString(), @event = eventName, triggeredAt, token, signature, data }, LeverSandboxWire.Json);
            lock (account.Lock)
            {
                account.Sent.Add(new LeverSentWebhook(eventName, hook.Url, body));
                if (account.Sent.Count > 200) account.Sent.RemoveAt(0);
            }
            if (Uri.TryCreate(hook.Url, UriKind.Absolute, out var url))
            {
                sender.Send("lever", url, body, new Dictionary<string, string> { ["User-Agent"] = "Lever-Webhooks" });
            }
        }
    }

    private async Task<IResult> CreateAsync(HttpContext http, string env)
    {
        var (account, refusal) = await gate.EnterAsync(http, env, "webhooks", write: true);
        if (account is null) return refusal!;
        string? url, eventName;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            url = doc.RootElement.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            eventName = doc.RootElement.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return LeverSandboxGate.Error(400, "BadRequestError", "Body must be JSON with url and event");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
        {
            return LeverSandboxGate.Error(400, "BadRequestError", "url must be an absolute HTTPS URL");
        }
        if (eventName is null || !Events.Contains(eventName)) return LeverSandboxGate.Error(400, "BadRequestError", $"Unknown event {eventName}");
        var hook = Add(account, eventName, parsed.ToString());
        return Results.Json(new LeverWireData<LeverWireWebhook>(Wire(hook)), LeverSandboxWire.Json, statusCode: 201);
    }

    private static LeverWireWebhook Wire(LeverSandboxWebhook w) =>
        new(w.Id, w.Event, w.Url, new LeverWireWebhookConfiguration(w.SignatureToken, null), w.CreatedAt);

    /// <summary>48 characters, like Lever's delivery tokens and signature tokens.</summary>
    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
