using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Workable;

/// <summary>
/// Workable SPI v3 with an account API access token. The subdomain picks the account; jobs are addressed by shortcode;
/// one Workable candidate is one application to one job.
/// </summary>
public sealed partial class WorkableProvider(AtsHttp http, IOptions<WorkableOptions> options, TimeProvider clock) : IAtsProvider
{
    /// <summary>
    /// Account tokens get 10 requests per 10-second window (Vendor docs: https://workable.readme.io/reference/rate-limits).
    /// Every answer carries X-Rate-Limit-Limit/-Remaining/-Reset, which <see cref="AtsHttp"/> reads: an OAuth or partner
    /// token's higher limit (50) is taken from there, and a window another client used up holds the connection until its reset.
    /// </summary>
    internal static readonly AtsRateLimit RateLimit = new(10, TimeSpan.FromSeconds(10));

    private readonly WorkableOptions _options = options.Value;

    public AtsKind Kind => AtsKind.Workable;

    public AtsProviderTraits Traits => WorkableTraits.Value;

    public IAtsOAuth? OAuth => null;

    private int PageSize => Math.Clamp(_options.PageSize, 1, 100);

    public async IAsyncEnumerable<AtsJobRecord> ListJobsAsync(
        AtsConnectionContext connection, DateTimeOffset? updatedSince, [EnumeratorCancellation] CancellationToken ct)
    {
        // No state filter: the list then holds every state, and draft/closed jobs are normalised rather than skipped.
        // Vendor docs: https://workable.readme.io/reference/jobs
        var url = ApiUrl(connection, "jobs")
            .SetQueryParam("limit", PageSize)
            .SetQueryParam("include_fields", "description,full_description");
        if (updatedSince is { } since) url.SetQueryParam("updated_after", WorkableTimeConverter.Compact(since));
        await foreach (var page in PagesAsync<WorkableJobsPage>(connection, url, p => p.Paging, ct))
        {
            foreach (var job in page.Jobs ?? [])
            {
                if (WorkableMapping.ToJob(job) is { } record) yield return record;
            }
        }
    }

    private string Token(AtsConnectionContext connection) =>
        string.IsNullOrWhiteSpace(connection.Credentials.ApiToken)
            ? throw new AtsException(Kind, AtsFailureKind.Auth, "No Workable API access token is stored for this connection. Reconnect the integration.")
            : connection.Credentials.ApiToken.Trim();

    private string Subdomain(AtsConnectionContext connection)
    {
        var subdomain = connection.Credentials.Account?.Trim().ToLowerInvariant() ?? "";
        if (SubdomainPattern().IsMatch(subdomain)) return subdomain;
        var shown = subdomain.Length > 63 ? subdomain[..63] : subdomain;
        throw new AtsException(Kind, AtsFailureKind.Permanent,
            $"'{shown}' is not a Workable subdomain. Use the part before .workable.com, e.g. 'acme' for acme.workable.com.");
    }

    private Url ApiUrl(AtsConnectionContext connection, params string[] segments)
    {
        var url = new Url(_options.ApiBaseUrl.Replace("{subdomain}", Subdomain(connection), StringComparison.OrdinalIgnoreCase));
        foreach (var segment in segments) url.AppendPathSegment(segment, fullyEncode: true);
        return url;
    }

    private IFlurlRequest Request(AtsConnectionContext connection, Url url) =>
        http.Client(Kind).Request(url.ToString())
            .WithOAuthBearerToken(Token(connection));

    private async Task<T> GetAsync<T>(AtsConnectionContext connection, Url url, CancellationToken ct)
    {
        var response = await http.SendAsync(Kind, connection.ConnectionKey, RateLimit, Request(connection, url), HttpMethod.Get, null, ct);
        return await ReadAsync<T>(response);
    }

    private async Task<T> PostAsync<T>(AtsConnectionContext connection, Url url, object body, CancellationToken ct)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body, WorkableJson.Options), Encoding.UTF8, "application/json");
        var response = await http.SendAsync(Kind, connection.ConnectionKey, RateLimit, Request(connection, url), HttpMethod.Post, content, ct);
        return await ReadAsync<T>(response);
    }

    private async Task<T> ReadAsync<T>(IFlurlResponse response)
    {
        var body = await response.GetStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(body, WorkableJson.Options)
                ?? throw new JsonException("Empty body.");
        }
        catch (JsonException e)
        {
            throw new AtsException(Kind, AtsFailureKind.Transient, "Workable answered in an unexpected format.", response.StatusCode, null, e);
        }
    }

    /// <summary>Follows <c>paging.next</c> verbatim, as the docs ask, but only on the account's own host so the token never leaves it.</summary>
    private async IAsyncEnumerable<T> PagesAsync<T>(
        AtsConnectionContext connection, Url first, Func<T, WorkablePaging?> paging, [EnumeratorCancellation] CancellationToken ct)
    {
        var origin = new Uri(first.ToString());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Url? next = first;
        while (next is not null && seen.Add(next.ToString()))
        {
            var page = await GetAsync<T>(connection, next, ct);
            yield return page;
            next = NextPage(origin, paging(page)?.Next);
        }
    }

    private Url? NextPage(Uri origin, string? link)
    {
        if (string.IsNullOrWhiteSpace(link)) return null;
        if (!Uri.TryCreate(origin, link, out var next)
            || Uri.Compare(origin, next, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent, "Workable returned a next-page link to another host; paging was stopped.");
        }
        return new Url(next.AbsoluteUri);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainPattern();
}
