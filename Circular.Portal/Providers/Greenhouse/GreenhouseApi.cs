using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Greenhouse;

/// <summary>Harvest v3 calls: Bearer auth, bare-array pages linked by <c>Link: rel="next"</c>, JSON in snake_case.</summary>
internal sealed partial class GreenhouseApi(AtsHttp http, IOptions<GreenhouseOptions> options)
{
    private const AtsKind Kind = AtsKind.Greenhouse;

    /// <summary>
    /// Fixed 30 s window per account; the one observed limit is 75 (X-RateLimit-Limit), which the Sandbox enforces too. Every
    /// answer carries X-RateLimit-Limit/-Remaining/-Reset, read by <see cref="AtsHttp"/>: the account's own limit replaces
    /// this one (allowances differ between custom and partner integrations). Token refreshes are metered separately.
    /// </summary>
    public static readonly AtsRateLimit ApiLimit = new(75, TimeSpan.FromSeconds(30));

    /// <summary>Greenhouse caps every *_ids filter at 50 ids.</summary>
    public const int MaxIds = 50;

    public GreenhouseOptions Options => options.Value;

    public Url Url(params string[] segments) => new Url(Options.ApiBaseUrl).AppendPathSegment("v3").AppendPathSegments(segments);

    /// <summary>Every page of a list, following the next link verbatim (a cursor must travel alone, or Greenhouse answers 422).</summary>
    public async IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(
        AtsConnectionContext connection, Url first, [EnumeratorCancellation] CancellationToken ct)
    {
        Url? url = first.Clone().SetQueryParam("per_page", Math.Clamp(Options.PageSize, 1, 500));
        while (url is not null)
        {
            var response = await SendAsync(connection, url, HttpMethod.Get, null, ct);
            var page = GhJson.Read<List<T>>(await response.GetStringAsync()) ?? [];
            yield return page;
            url = NextLink(response, first);
        }
    }

    public async IAsyncEnumerable<T> ListAsync<T>(AtsConnectionContext connection, Url first, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in PagesAsync<T>(connection, first, ct))
        {
            foreach (var item in page) yield return item;
        }
    }

    public async Task<List<T>> AllAsync<T>(AtsConnectionContext connection, Url first, CancellationToken ct)
    {
        var all = new List<T>();
        await foreach (var item in ListAsync<T>(connection, first, ct)) all.Add(item);
        return all;
    }

    public async Task<string> PostAsync<TBody>(AtsConnectionContext connection, Url url, TBody body, CancellationToken ct)
    {
        using var content = new StringContent(GhJson.Write(body), Encoding.UTF8, "application/json");
        var response = await SendAsync(connection, url, HttpMethod.Post, content, ct);
        return await response.GetStringAsync();
    }

    private Task<IFlurlResponse> SendAsync(AtsConnectionContext connection, Url url, HttpMethod verb, HttpContent? content, CancellationToken ct)
    {
        var token = connection.Credentials.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new AtsException(Kind, AtsFailureKind.Auth, "The Greenhouse connection has no access token. Connect it again.");
        }
        var request = http.Client(Kind).Request(url).WithOAuthBearerToken(token);
        return http.SendAsync(Kind, connection.ConnectionKey, ApiLimit, request, verb, content, ct);
    }

    /// <summary>The next page URL, only when it stays on the API host: the bearer token must never follow a link elsewhere.</summary>
    private static Url? NextLink(IFlurlResponse response, Url first)
    {
        foreach (var header in response.Headers.Where(h => h.Name.Equals("Link", StringComparison.OrdinalIgnoreCase)))
        {
            var match = NextRelation().Match(header.Value);
            if (!match.Success) continue;
            var raw = match.Groups[1].Value;
            var next = raw.StartsWith('/') ? new Url(first.Root + raw) : new Url(raw);
            if (next.Host != first.Host || next.Port != first.Port || next.Scheme != first.Scheme)
            {
                throw new AtsException(Kind, AtsFailureKind.Permanent, "Greenhouse sent a next-page link to another host; paging stopped.");
            }
            return next;
        }
        return null;
    }

    [GeneratedRegex("""<([^>]+)>\s*;\s*rel="?next"?""", RegexOptions.IgnoreCase)]
    private static partial Regex NextRelation();
}
