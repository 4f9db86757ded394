using System.Net.Http.Headers;
using System.Net.Http.Json;
using Circular.Portal.Marketplace.Api;

namespace Circular.Portal.Tests.TestSupport;

/// <summary>Plays the Circular platform against the Marketplace API.</summary>
public sealed class PlatformClient(HttpClient http, string? apiKey = PortalFactory.PlatformKey)
{
    public Task<HttpResponseMessage> CreateApplicationAsync(object body) => SendAsync(HttpMethod.Post, "/api/marketplace/applications", JsonContent.Create(body));

    public Task<HttpResponseMessage> CreateApplicationWithCvAsync(IDictionary<string, string> fields, byte[] cv, string fileName)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(cv);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "cv", fileName);
        return SendAsync(HttpMethod.Post, "/api/marketplace/applications", form);
    }

    public Task<HttpResponseMessage> AnswerAsync(string platformApplicationId, bool accepted) =>
        SendAsync(HttpMethod.Post, $"/api/marketplace/applications/{platformApplicationId}/interview-{(accepted ? "accepted" : "declined")}", null);

    /// <summary>One page of the changes feed (<c>GET /api/marketplace/changes</c>); the raw URL query is passed as given.</summary>
    public Task<HttpResponseMessage> ChangesAsync(string query = "") =>
        SendAsync(HttpMethod.Get, "/api/marketplace/changes" + query, null);

    public static Dictionary<string, string> Fields(string platformId, int jobId, string email) => new()
    {
        ["platformApplicationId"] = platformId,
        ["jobId"] = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["firstName"] = "Grace",
        ["lastName"] = "Hopper",
        ["email"] = email,
        ["phone"] = "+1 555 0100",
        ["linkedInUrl"] = "https://www.linkedin.com/in/grace-hopper",
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null) request.Headers.Add(PlatformApiKeyFilter.HeaderName, apiKey);
        return await http.SendAsync(request);
    }
}
