using System.Runtime.CompilerServices;
using System.Text.Json;
using Flurl.Http;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Providers.Lever;

/// <summary>
/// Lever's Data API over OAuth. Jobs are postings; a pushed candidate is an opportunity (Lever dedupes the person by email,
/// never the opportunity, and has no idempotency key, so the push finds its own marker tag first). Hired and rejected are
/// both "archived", told apart by the archive reason's type.
/// </summary>
public sealed partial class LeverProvider(AtsHttp http, IOptions<LeverOptions> options, LeverOAuth oauth, TimeProvider clock, ILogger<LeverProvider> log) : IAtsProvider
{
    /// <summary>
    /// Vendor docs: https://hire.lever.co/developer/documentation#rate-limits (token bucket per key, 10 req/s, bursts to 20).
    /// Written as 20 per 2 s: never more than the bucket admits (any span T holds at most 20 + 10·T requests), and the same
    /// figure the Sandbox enforces. Lever sends no rate-limit headers; a 429's Retry-After holds the connection.
    /// </summary>
    internal static readonly AtsRateLimit RateLimit = new(20, TimeSpan.FromSeconds(2));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly LeverOptions _options = options.Value;

    public AtsKind Kind => AtsKind.Lever;

    public AtsProviderTraits Traits => LeverTraits.Value;

    public IAtsOAuth? OAuth => oauth;

    public async Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var missing = new List<string>();
        var users = new List<AtsUser>();
        try
        {
            // Vendor docs: https://hire.lever.co/developer/documentation#list-all-users
            await foreach (var user in PagesAsync<LeverUser>(connection, () => Api(connection, "users"), ct))
            {
                if (user.DeactivatedAt is null) users.Add(new AtsUser(user.Id, user.Name ?? user.Email ?? user.Id, user.Email));
            }
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            missing.Add(LeverScopes.Describe("users:read:admin"));
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Auth && e.StatusCode == 401)
        {
            // Lever answers 401 both for a revoked token and for a token of the other environment.
            throw new AtsException(Kind, AtsFailureKind.Auth,
                "Lever did not accept the connection's token. Reconnect, and check that production or sandbox matches the Lever account you signed in to.", 401, null, e);
        }
        catch (AtsException e) when (e.StatusCode == 404)
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent,
                "Lever has no API at the chosen environment. Check whether the account is a Lever production or sandbox account.", 404, null, e);
        }

        string? site = null;
        try
        {
            // Vendor docs: https://hire.lever.co/developer/documentation#list-all-postings
            var page = await GetAsync<LeverPage<LeverPosting>>(connection, Api(connection, "postings").SetQueryParam("limit", 1), ct);
            site = SiteName(page.Data?.FirstOrDefault()?.Urls?.List);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            missing.Add(LeverScopes.Describe("postings:read:admin"));
        }

        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-opportunities, #list-archive-reasons, #list-all-stages
        foreach (var (path, scope) in LeverScopes.ReadProbes)
        {
            try
            {
                await GetAsync<JsonElement>(connection, Api(connection, path).SetQueryParam("limit", 1), ct);
            }
            catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
            {
                missing.Add(LeverScopes.Describe(scope));
            }
        }
        // Write scopes cannot be probed without writing; Lever's access token is a JWT whose scope claim lists what was granted.
        foreach (var scope in LeverScopes.MissingFromToken(connection.Credentials.AccessToken))
        {
            var words = LeverScopes.Describe(scope);
            if (!missing.Contains(words)) missing.Add(words);
        }
        var environment = _options.For(connection.Credentials.Environment).Name;
        var name = site is null ? $"Lever ({environment})" : $"{site} (Lever {environment})";
        return new AtsAccount(name, users, missing);
    }

    public async IAsyncEnumerable<AtsJobRecord> ListJobsAsync(
        AtsConnectionContext connection, DateTimeOffset? updatedSince, [EnumeratorCancellation] CancellationToken ct)
    {
        // Vendor docs: https://hire.lever.co/developer/documentation#list-all-postings
        // updated_at_start may only be combined with confidentiality, so no state filter: all states come back and are mapped.
        // confidentiality defaults to non-confidential; "all" lists confidential postings too, for a token granted
        // confidential:access:admin. What Lever answers to "all" without that scope is unconfirmed (an empty share of
        // confidential postings, or a refusal), so a refusal falls back to the default listing.
        var confidentiality = "all";
        IFlurlRequest Build()
        {
            var request = Api(connection, "postings").SetQueryParam("include", "content");
            if (confidentiality is not null) request.SetQueryParam("confidentiality", confidentiality);
            return updatedSince is { } since ? request.SetQueryParam("updated_at_start", since.ToUnixTimeMilliseconds()) : request;
        }
        var postings = PagesAsync<LeverPosting>(connection, Build, ct).GetAsyncEnumerator(ct);
        try
        {
            bool more;
            try
            {
                more = await postings.MoveNextAsync();
            }
            catch (AtsException e) when (e.StatusCode is 400 or 403)
            {
                log.LogInformation("Lever refused confidentiality=all for {Connection}; listing non-confidential postings", connection.ConnectionKey);
                await postings.DisposeAsync();
                confidentiality = null;
                postings = PagesAsync<LeverPosting>(connection, Build, ct).GetAsyncEnumerator(ct);
                more = await postings.MoveNextAsync();
            }
            while (more)
            {
                yield return LeverMapping.ToJob(postings.Current);
                more = await postings.MoveNextAsync();
            }
        }
        finally
        {
            await postings.DisposeAsync();
        }
    }

    /// <summary>The careers-site slug in urls.list ("https://jobs.lever.co/acme") is the closest Lever comes to an account name.</summary>
    private static string? SiteName(string? listUrl) =>
        Uri.TryCreate(listUrl, UriKind.Absolute, out var uri) && uri.Segments.Length > 1 ? uri.Segments[^1].Trim('/') : null;

    private IFlurlRequest Api(AtsConnectionContext connection, params string[] segments)
    {
        var token = connection.Credentials.AccessToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new AtsException(Kind, AtsFailureKind.Auth, "The Lever connection has no access token. Connect it again.");
        }
        var env = _options.For(connection.Credentials.Environment);
        return http.Client(Kind).Request(env.BaseUrl).AppendPathSegments(segments).WithOAuthBearerToken(token);
    }

    private async IAsyncEnumerable<T> PagesAsync<T>(
        AtsConnectionContext connection, Func<IFlurlRequest> build, [EnumeratorCancellation] CancellationToken ct)
    {
        string? offset = null;
        var offsets = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var request = build().SetQueryParam("limit", Math.Clamp(_options.PageSize, 1, 100));
            if (offset is not null) request.SetQueryParam("offset", offset);
            var page = await GetAsync<LeverPage<T>>(connection, request, ct);
            foreach (var item in page.Data ?? []) yield return item;
            // A repeated offset token would loop forever; Lever only promises to stop with hasNext=false.
            if (!page.HasNext || string.IsNullOrEmpty(page.Next) || !offsets.Add(page.Next)) yield break;
            offset = page.Next;
        }
    }

    private Task<T> GetAsync<T>(AtsConnectionContext connection, IFlurlRequest request, CancellationToken ct) =>
        SendAsync<T>(connection, request, HttpMethod.Get, null, ct);

    private async Task<T> SendAsync<T>(AtsConnectionContext connection, IFlurlRequest request, HttpMethod verb, HttpContent? content, CancellationToken ct)
    {
        var response = await http.SendAsync(Kind, connection.ConnectionKey, RateLimit, request, verb, content, ct);
        return await ReadAsync<T>(response, request);
    }

    internal async Task<T> ReadAsync<T>(IFlurlResponse response, IFlurlRequest request)
    {
        var body = await response.GetStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json)
                ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            log.LogWarning("Lever answered {Path} with a body we could not read", request.Url.Path);
            throw new AtsException(Kind, AtsFailureKind.Transient, "Lever answered with a response the portal could not read.", response.StatusCode, null, e);
        }
    }
}
