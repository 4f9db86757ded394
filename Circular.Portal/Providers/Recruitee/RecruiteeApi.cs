using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flurl;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// Recruitee's ATS API as the provider uses it: <c>{base}/c/{company_id}/…</c>, the personal API token as a Bearer header,
/// JSON in and out, every call through <see cref="AtsHttp"/> so the rate gate and failure classification apply.
/// </summary>
internal sealed partial class RecruiteeApi(AtsHttp http, IOptions<RecruiteeOptions> options)
{
    /// <summary>
    /// Recruitee publishes no request limit (unconfirmed in our notes, which say to back off on 429 and honour Retry-After).
    /// Portal and Sandbox assume the same figure, 100 requests per 10 s per token; a 429 still holds the connection for its
    /// Retry-After, and rate-limit headers, should Recruitee send them, replace the figure.
    /// </summary>
    public static readonly AtsRateLimit Limit = new(100, TimeSpan.FromSeconds(10));

    public RecruiteeOptions Options => options.Value;

    public async Task<T> GetAsync<T>(AtsConnectionContext connection, IEnumerable<object> path, object? query, CancellationToken ct)
    {
        var request = Request(connection, path);
        if (query is not null) request.SetQueryParams(query);
        var response = await http.SendAsync(AtsKind.Recruitee, connection.ConnectionKey, Limit, request, HttpMethod.Get, null, ct);
        return await ReadAsync<T>(response);
    }

    public async Task<T> SendAsync<T>(AtsConnectionContext connection, HttpMethod verb, IEnumerable<object> path, object body, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(body, body.GetType(), RecruiteeJson.Options);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await http.SendAsync(AtsKind.Recruitee, connection.ConnectionKey, Limit, Request(connection, path), verb, content, ct);
        return await ReadAsync<T>(response);
    }

    /// <summary>The company segment: Recruitee takes the numeric id or the subdomain. Checked so user input never reshapes the path.</summary>
    public static string Company(AtsConnectionContext connection)
    {
        var company = connection.Credentials.Account?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(company) || !CompanyPattern().IsMatch(company))
        {
            throw new AtsException(AtsKind.Recruitee, AtsFailureKind.Permanent,
                "The Recruitee company id is missing or not valid: use the number (or subdomain) shown under Settings → Apps and plugins → Personal API tokens.");
        }
        return company;
    }

    private IFlurlRequest Request(AtsConnectionContext connection, IEnumerable<object> path)
    {
        var token = connection.Credentials.ApiToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new AtsException(AtsKind.Recruitee, AtsFailureKind.Auth, "No Recruitee personal API token is stored for this connection.");
        }
        var url = new Url(Options.ApiBaseUrl).AppendPathSegments("c", Company(connection)).AppendPathSegments(path);
        // Vendor docs: https://support.recruitee.com/en/articles/8213076 (personal API token as Bearer, company id in the path)
        return http.Client(AtsKind.Recruitee).Request(url.ToString())
            .WithOAuthBearerToken(token.Trim())
            .WithHeader("Accept", "application/json");
    }

    private static async Task<T> ReadAsync<T>(IFlurlResponse response)
    {
        var body = await response.GetStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(body) ? "{}" : body, RecruiteeJson.Options)
                ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new AtsException(AtsKind.Recruitee, AtsFailureKind.Transient,
                "Recruitee answered with something that is not the expected JSON.", response.StatusCode, null, e);
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex CompanyPattern();
}
