using System.Globalization;
using System.Runtime.CompilerServices;

namespace Circular.Portal.Providers.Greenhouse;

/// <summary>
/// Greenhouse Harvest v3 over partner OAuth. Webhooks are set up by the customer in Greenhouse (no API), and polling
/// of <c>/v3/applications</c> by update window stays the source of truth. See also GreenhousePush and GreenhouseStatus.
/// </summary>
internal sealed partial class GreenhouseProvider(
    GreenhouseApi api, GreenhouseOAuth oauth, TimeProvider clock, ILogger<GreenhouseProvider> log) : IAtsProvider
{
    private const int MaxUsers = 500;

    public AtsKind Kind => AtsKind.Greenhouse;

    public AtsProviderTraits Traits => GreenhouseTraits.Value;

    public IAtsOAuth? OAuth => oauth;

    public async Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        try
        {
            return await VerifyCoreAsync(connection, ct);
        }
        catch (AtsException e) when (e.StatusCode == 404)
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent,
                "Greenhouse did not recognise the organization for this connection (404). Connect Greenhouse again from the right organization.", 404, null, e);
        }
    }

    private async Task<AtsAccount> VerifyCoreAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var token = connection.Credentials.AccessToken
            ?? throw new AtsException(Kind, AtsFailureKind.Auth, "The Greenhouse connection has no access token. Connect it again.");
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/introspect-token
        var introspection = await oauth.IntrospectAsync(token, ct);
        if (!introspection.Active)
        {
            throw new AtsException(Kind, AtsFailureKind.Auth, "Greenhouse says this connection's access has ended (expired or revoked). Connect Greenhouse again.", 401);
        }
        var missing = new List<string>();
        if (introspection.Scope is { } scope)
        {
            var granted = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            missing.AddRange(GreenhouseScopes.Required.Where(s => !granted.Contains(s)).Select(GreenhouseScopes.Describe));
        }
        if (introspection.Claims?.UserRole is { Length: > 0 } role && !role.Equals("site_admin", StringComparison.OrdinalIgnoreCase))
        {
            missing.Add("The person who approved the connection is not a Site Admin, and Greenhouse only lets Site Admins read lists. " +
                "Connect again as a Site Admin (ideally with \"Authorize using a service account\").");
        }

        var users = new List<AtsUser>();
        var sourceFound = true;
        try
        {
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-users
            await foreach (var user in api.ListAsync<GhUser>(connection, api.Url("users"), ct))
            {
                if (user.Deactivated == true) continue;
                users.Add(new AtsUser(GreenhouseMapping.Id(user.Id), user.Name ?? $"{user.FirstName} {user.LastName}".Trim(), user.PrimaryEmail));
                if (users.Count >= MaxUsers) break;
            }
            sourceFound = await SourceIdAsync(connection, ct) is not null;
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            if (missing.Count == 0) missing.Add("Greenhouse refused to list users: " + e.Message);
        }
        if (!sourceFound)
        {
            missing.Add($"Greenhouse has no candidate source named \"{api.Options.SourceName}\". Add it under Configure > Custom Options > " +
                "Sources so candidates are credited to Circular.");
        }
        return new AtsAccount(introspection.Claims?.Organization?.Name ?? "Greenhouse", users, missing);
    }

    public async IAsyncEnumerable<AtsJobRecord> ListJobsAsync(
        AtsConnectionContext connection, DateTimeOffset? updatedSince, [EnumeratorCancellation] CancellationToken ct)
    {
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-departments
        var departments = (await OptionalAsync(() => api.AllAsync<GhNamed>(connection, api.Url("departments"), ct)))
            .DistinctBy(d => d.Id).ToDictionary(d => d.Id, d => d.Name ?? "");
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-offices
        var offices = (await OptionalAsync(() => api.AllAsync<GhOffice>(connection, api.Url("offices"), ct)))
            .DistinctBy(o => o.Id).ToDictionary(o => o.Id, o => GreenhouseMapping.OfficeLocation(o) ?? "");
        var url = api.Url("jobs");
        if (updatedSince is { } since) url.SetQueryParam("updated_at", "gte|" + Iso(since));
        var postsReadable = true;
        // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-jobs (pagination: /docs/pagination)
        await foreach (var page in api.PagesAsync<GhJob>(connection, url, ct))
        {
            var posts = postsReadable ? await PostsAsync(connection, page, ct) : null;
            postsReadable = posts is not null;
            foreach (var job in page)
            {
                yield return GreenhouseMapping.ToJob(job, departments, offices, posts?.GetValueOrDefault(job.Id));
            }
        }
    }

    /// <summary>The best job post per job of one page; null when the token may not read posts (descriptions fall back to job notes).</summary>
    private async Task<Dictionary<long, GhJobPost>?> PostsAsync(AtsConnectionContext connection, IReadOnlyList<GhJob> jobs, CancellationToken ct)
    {
        var posts = new List<GhJobPost>();
        try
        {
            foreach (var chunk in jobs.Select(j => j.Id).Chunk(GreenhouseApi.MaxIds))
            {
                // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-job-posts
                posts.AddRange(await api.AllAsync<GhJobPost>(connection, api.Url("job_posts").SetQueryParam("job_ids", string.Join(',', chunk)), ct));
            }
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            log.LogWarning("Greenhouse job posts are not readable for {Connection}; using job notes as descriptions", connection.ConnectionKey);
            return null;
        }
        return posts.Where(p => p.JobId is not null).GroupBy(p => p.JobId!.Value).ToDictionary(g => g.Key, g => GreenhouseMapping.BestPost(g)!);
    }

    public bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret) => GreenhouseWebhooks.Verify(delivery, signingSecret);

    public IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery) => GreenhouseWebhooks.Parse(delivery, clock.GetUtcNow());

    public Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct) =>
        throw new NotSupportedException("Greenhouse webhooks are set up by an admin in Greenhouse (Configure > Dev Center > Webhooks).");

    public Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct) =>
        throw new NotSupportedException("Greenhouse webhooks are removed by an admin in Greenhouse (Configure > Dev Center > Webhooks).");

    private static async Task<IReadOnlyList<T>> OptionalAsync<T>(Func<Task<List<T>>> call)
    {
        try
        {
            return await call();
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            return [];
        }
    }

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
