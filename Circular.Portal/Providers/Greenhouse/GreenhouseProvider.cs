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

        // Whether the subject may list is decided by Greenhouse answering the list, not by the role claim's spelling:
        // the claim's values are unconfirmed ("site_admin" in one source), so it only explains a refusal.
        var users = new List<AtsUser>();
        var listsReadable = true;
        long? sourceId = null;
        try
        {
            // Vendor docs: https://harvestdocs.greenhouse.io/reference/get_v3-users
            await foreach (var user in api.ListAsync<GhUser>(connection, api.Url("users"), ct))
            {
                if (user.Deactivated == true) continue;
                users.Add(new AtsUser(GreenhouseMapping.Id(user.Id), user.Name ?? $"{user.FirstName} {user.LastName}".Trim(), user.PrimaryEmail));
                if (users.Count >= MaxUsers) break;
            }
            sourceId = await SourceIdAsync(connection, ct);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission && missing.Count == 0)
        {
            // Every scope was granted, so a 403 on a list means the subject is not a Site Admin.
            listsReadable = false;
        }
        var role = introspection.Claims?.UserRole;
        var setup = new List<AtsSetupItem>
        {
            new(SetupSiteAdmin, "Signed in as a Site Admin", listsReadable,
                $"Greenhouse lets only Site Admins read lists of jobs and users{(IsSiteAdmin(role) || string.IsNullOrEmpty(role) ? "" : $" (the person who approved has the role \"{role}\")")}. " +
                "In Greenhouse, open Configure → Users and make that person a Site Admin, or connect again choosing \"Authorize using a service account\". " +
                "Until then jobs cannot be imported."),
            new(SetupSource, $"Candidate source \"{api.Options.SourceName}\"", sourceId is not null,
                $"In Greenhouse, open Configure → Custom Options → Sources and add a source named \"{api.Options.SourceName}\". " +
                "Until then candidates are added without a source; once it exists, the next candidates are credited to it."),
        };
        if (!listsReadable) setup[1] = setup[1] with { Done = false };
        return new AtsAccount(introspection.Claims?.Organization?.Name ?? "Greenhouse", users, missing) { Setup = setup };
    }

    internal const string SetupSiteAdmin = "greenhouse-site-admin";
    internal const string SetupSource = "greenhouse-source";

    /// <summary>Role values are unconfirmed: "site_admin", "Site Admin" and "site-admin" all read as Site Admin.</summary>
    internal static bool IsSiteAdmin(string? role) =>
        role is not null && new string(role.Where(char.IsLetter).ToArray()).Equals("siteadmin", StringComparison.OrdinalIgnoreCase);

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
