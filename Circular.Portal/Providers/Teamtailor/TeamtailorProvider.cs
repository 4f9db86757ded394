using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Teamtailor;

/// <summary>
/// Teamtailor's public API (JSON:API). The admin gives an Admin read/write API key and picks the region; webhooks are
/// set up by the admin in Teamtailor's UI. Vendor docs: https://docs.teamtailor.com/
/// </summary>
internal sealed partial class TeamtailorProvider(
    AtsHttp http, IOptions<TeamtailorOptions> options, TimeProvider clock, ILogger<TeamtailorProvider> log) : IAtsProvider
{
    /// <summary>
    /// The number is unconfirmed; integrators report about 50 calls per 10 s, which our notes say to assume (the Sandbox
    /// enforces the same). Teamtailor's X-Rate-Limit-* headers, read by <see cref="AtsHttp"/>, replace it with the account's
    /// own figure and hold the connection until the period resets when it is used up.
    /// </summary>
    internal static readonly AtsRateLimit RateLimit = new(50, TimeSpan.FromSeconds(10));

    private const AtsKind Vendor = AtsKind.Teamtailor;

    public AtsKind Kind => Vendor;

    public AtsProviderTraits Traits => TeamtailorTraits.Value;

    public IAtsOAuth? OAuth => null;

    private TeamtailorOptions Options => options.Value;

    public async IAsyncEnumerable<AtsJobRecord> ListJobsAsync(
        AtsConnectionContext connection, DateTimeOffset? updatedSince, [EnumeratorCancellation] CancellationToken ct)
    {
        var api = Api(connection);
        // Vendor docs: https://docs.teamtailor.com/#list-jobs (filter[status] defaults to published only)
        var url = JobsUrl(api, updatedSince, allStatuses: true);
        TtDocument<List<TtResource<TtJob>>> page;
        try
        {
            page = await GetAsync<TtDocument<List<TtResource<TtJob>>>>(connection, url, ct);
        }
        catch (AtsException e) when (e.StatusCode == 400)
        {
            // "all" is not a documented value; an API version that refuses it still lists the published jobs.
            log.LogWarning("Teamtailor refused filter[status]=all for {ConnectionKey}; listing published jobs only", connection.ConnectionKey);
            url = JobsUrl(api, updatedSince, allStatuses: false);
            page = await GetAsync<TtDocument<List<TtResource<TtJob>>>>(connection, url, ct);
        }
        while (true)
        {
            var included = page.Included ?? [];
            foreach (var job in page.Data ?? [])
            {
                // The filter names are only partly documented: check the date ourselves too.
                if (updatedSince is not null && job.Attributes?.UpdatedAt is { } updated && updated < updatedSince) continue;
                yield return TeamtailorMapping.ToJob(job, included);
            }
            var next = NextPage(page.Links?.Next, api, url);
            if (next is null) yield break;
            url = next;
            page = await GetAsync<TtDocument<List<TtResource<TtJob>>>>(connection, url, ct);
        }
    }

    public bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret) =>
        TeamtailorWebhooks.Verify(delivery, signingSecret, clock.GetUtcNow());

    public IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery) =>
        TeamtailorWebhooks.Parse(delivery, clock.GetUtcNow());

    public Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct) =>
        throw new NotSupportedException("Teamtailor webhooks are added by an admin in Teamtailor (Settings → Integrations → Webhooks); its API has no subscriptions.");

    public Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct) =>
        throw new NotSupportedException("Teamtailor webhooks are removed by an admin in Teamtailor (Settings → Integrations → Webhooks).");

    private string JobsUrl(string api, DateTimeOffset? updatedSince, bool allStatuses)
    {
        var url = api.AppendPathSegment("jobs")
            .SetQueryParam("page[size]", Options.PageSize)
            .SetQueryParam("include", "department,locations");
        if (allStatuses) url.SetQueryParam("filter[status]", "all");
        if (updatedSince is { } since) url.SetQueryParam("filter[updated-at][from]", Iso(since));
        return url.ToString();
    }

    private string Api(AtsConnectionContext connection) =>
        Options.BaseUrl(connection.Credentials.Account)
        ?? throw new AtsException(Vendor, AtsFailureKind.Permanent,
            $"'{connection.Credentials.Account}' is not a Teamtailor region. Choose EU or North America (NA), where your Teamtailor account is hosted.");

    private IFlurlRequest Request(AtsConnectionContext connection, string url)
    {
        var key = connection.Credentials.ApiToken;
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new AtsException(Vendor, AtsFailureKind.Auth, "No Teamtailor API key is stored for this connection. Reconnect with an Admin API key.");
        }
        return http.Client(Vendor).Request(url)
            .WithHeader("Authorization", $"Token token={key}")
            .WithHeader("X-Api-Version", Options.ApiVersion)
            .WithHeader("Accept", TeamtailorJson.MediaType);
    }

    private async Task<T> GetAsync<T>(AtsConnectionContext connection, string url, CancellationToken ct)
    {
        var response = await http.SendAsync(Vendor, connection.ConnectionKey, RateLimit, Request(connection, url), HttpMethod.Get, null, ct);
        return await ReadAsync<T>(response);
    }

    private async Task<T> PostAsync<T>(AtsConnectionContext connection, string url, object body, CancellationToken ct)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body, TeamtailorJson.Options), Encoding.UTF8);
        // Teamtailor insists on the JSON:API media type, without a charset parameter.
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(TeamtailorJson.MediaType);
        var response = await http.SendAsync(Vendor, connection.ConnectionKey, RateLimit, Request(connection, url), HttpMethod.Post, content, ct);
        return await ReadAsync<T>(response);
    }

    private static async Task<T> ReadAsync<T>(IFlurlResponse response)
    {
        var text = await response.GetStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(text, TeamtailorJson.Options)
                ?? throw new JsonException("Empty response.");
        }
        catch (JsonException e)
        {
            throw new AtsException(Vendor, AtsFailureKind.Transient, "Teamtailor answered with something other than the expected JSON.", response.StatusCode, null, e);
        }
    }

    /// <summary>Follows links.next only on the same host: the API key must never be sent anywhere else.</summary>
    private static string? NextPage(string? next, string api, string current)
    {
        if (string.IsNullOrWhiteSpace(next) || next == current) return null;
        var root = new Uri(api);
        if (!Uri.TryCreate(root, next, out var uri) || uri.Scheme != root.Scheme || uri.Authority != root.Authority)
        {
            throw new AtsException(Vendor, AtsFailureKind.Permanent, "Teamtailor pointed to a next page on another host; paging stopped.");
        }
        return uri.ToString();
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
