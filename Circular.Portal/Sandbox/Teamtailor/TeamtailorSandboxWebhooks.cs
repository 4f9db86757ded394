using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Circular.Portal.Sandbox.Teamtailor;

/// <summary>
/// Company webhooks as Teamtailor's partner docs describe them: body <c>{ "payload": {…}, "signature": v1 }</c> and the
/// header <c>TT-Signature: base64("t=&lt;unix&gt;,v2=&lt;hex HMAC-SHA256(key, unix + "." + payload JSON)&gt;")</c>.
/// </summary>
internal static class TeamtailorSandboxWebhooks
{
    public const string SignatureHeader = "TT-Signature";

    public static JsonObject ApplicationData(TtAccount account, TtApplication application, string region)
    {
        var job = account.Jobs.FirstOrDefault(j => j.Id == application.JobId);
        var stage = account.Stages.First(s => s.Id == application.StageId);
        return new JsonObject
        {
            ["id"] = application.Id,
            ["type"] = "job-applications",
            ["attributes"] = new JsonObject
            {
                ["job-id"] = long.Parse(application.JobId, CultureInfo.InvariantCulture),
                ["job-title"] = job?.Title,
                ["stage-name"] = stage.Name,
                ["last-moved-at"] = TeamtailorSandboxWire.Time(application.ChangedStageAt, region),
                ["rejected-at"] = application.RejectedAt is { } r ? TeamtailorSandboxWire.Time(r, region) : null,
                ["updated-at"] = TeamtailorSandboxWire.Time(application.UpdatedAt, region),
                ["referring-site"] = null,
                ["referring-url"] = null,
                ["company-uuid"] = account.Uuid,
                ["transparent-recruiting-visible-at"] = null,
            },
        };
    }

    /// <summary>The exact bytes to send and the headers; the payload is serialised once so the signed text is the sent text.</summary>
    public static (byte[] Body, Dictionary<string, string> Headers) Sign(string eventName, JsonObject data, string signatureKey, DateTimeOffset now)
    {
        var id = data["id"]?.ToString() ?? "";
        var payload = new JsonObject { ["event_name"] = eventName, ["data"] = data }.ToJsonString(TeamtailorSandboxWire.Output);
        var unix = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var v2 = Hex(signatureKey, $"{unix}.{payload}");
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes($"t={unix},v2={v2}"));
        // v1 (deprecated) signs only the resource id; it stays in the body because the docs still show it there.
        var v1 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Hex(signatureKey, id)));
        var body = $"{{\"payload\":{payload},\"signature\":\"{v1}\"}}";
        return (Encoding.UTF8.GetBytes(body), new Dictionary<string, string> { [SignatureHeader] = header });
    }

    private static string Hex(string key, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(message)));
}
