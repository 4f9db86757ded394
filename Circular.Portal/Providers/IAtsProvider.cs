namespace Circular.Portal.Providers;

/// <summary>
/// The one contract the rest of the portal sees of an ATS. Each vendor implements it in its own folder;
/// nothing outside that folder branches on the vendor. Every call that reaches the vendor may throw
/// <see cref="AtsException"/>, whose <see cref="AtsException.Kind"/> says whether to retry, re-authenticate or give up.
/// </summary>
public interface IAtsProvider
{
    AtsKind Kind { get; }

    /// <summary>What a company admin supplies, and how webhooks are set up, for this vendor.</summary>
    AtsProviderTraits Traits { get; }

    /// <summary>The OAuth 2.0 authorization-code pieces, for vendors that connect that way; null otherwise.</summary>
    IAtsOAuth? OAuth { get; }

    /// <summary>Checks the credentials live and reports the account, its users (to pick an acting user) and any missing permission.</summary>
    Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct);

    /// <summary>Every job of the account across all pages; only those updated since <paramref name="updatedSince"/> where the vendor can filter.</summary>
    IAsyncEnumerable<AtsJobRecord> ListJobsAsync(AtsConnectionContext connection, DateTimeOffset? updatedSince, CancellationToken ct);

    /// <summary>
    /// Sends one candidate to one job: finds an earlier push by <see cref="AtsCandidatePush.Marker"/> (and by email where the
    /// vendor allows) before creating anything, so a retry after a crash never makes a second candidate.
    /// </summary>
    Task<AtsPushResult> PushCandidateAsync(AtsConnectionContext connection, AtsCandidatePush push, CancellationToken ct);

    /// <summary>
    /// Reads a pushed candidate back to check the attribution arrived (tag and source "Circular", CV, LinkedIn). Reads only.
    /// Null where the vendor's API cannot show it.
    /// </summary>
    Task<AtsReadBack?> ReadBackAsync(AtsConnectionContext connection, AtsCandidatePush push, AtsPushResult pushed, CancellationToken ct) =>
        Task.FromResult<AtsReadBack?>(null);

    /// <summary>Status changes of pushed candidates since <see cref="AtsStatusQuery.Cursor"/>, with the cursor to pass next time.</summary>
    Task<AtsStatusBatch> ReadStatusChangesAsync(AtsConnectionContext connection, AtsStatusQuery query, CancellationToken ct);

    /// <summary>
    /// What the vendor says now of the given pushed applications only (a webhook is a hint: its application is re-read).
    /// By default a first poll narrowed to them; a vendor whose first poll scans the whole account reads them one by one.
    /// </summary>
    async Task<IReadOnlyList<AtsStatusChange>> ReadStatusesAsync(AtsConnectionContext connection, IReadOnlyList<AtsApplicationRef> applications, CancellationToken ct)
    {
        if (applications.Count == 0) return [];
        var batch = await ReadStatusChangesAsync(connection, new AtsStatusQuery(null, applications), ct);
        var candidates = applications.Select(a => a.CandidateId).ToHashSet(StringComparer.Ordinal);
        var ids = applications.Select(a => a.ApplicationId).ToHashSet(StringComparer.Ordinal);
        return batch.Changes.Where(c => ids.Contains(c.ApplicationId) || candidates.Contains(c.CandidateId)).ToList();
    }

    /// <summary>
    /// The account's own archive, disqualification or rejection reasons and pipeline stages, read live, each with the
    /// meaning the vendor folder gives it by default; the admin maps them on the Status mapping page.
    /// </summary>
    Task<IReadOnlyList<AtsStatusVocabularyItem>> ReadStatusVocabularyAsync(AtsConnectionContext connection, CancellationToken ct);

    /// <summary>Checks a webhook delivery by the vendor's signature scheme, in constant time.</summary>
    bool VerifyWebhook(AtsWebhookDelivery delivery, string signingSecret);

    /// <summary>Reads a verified delivery into normalised events (empty for pings and events we do not follow).</summary>
    IReadOnlyList<AtsWebhookEvent> ParseWebhook(AtsWebhookDelivery delivery);

    /// <summary>Subscribes the portal's endpoint at the vendor, where its API allows (<see cref="AtsProviderTraits.Webhooks"/> is ApiRegistration).</summary>
    Task<AtsWebhookRegistration> RegisterWebhookAsync(AtsConnectionContext connection, Uri callbackUrl, string portalSecret, CancellationToken ct);

    /// <summary>Removes a subscription made by <see cref="RegisterWebhookAsync"/>. Missing at the vendor counts as removed.</summary>
    Task UnregisterWebhookAsync(AtsConnectionContext connection, string subscriptionId, CancellationToken ct);
}

/// <summary>The OAuth 2.0 authorization-code flow of a vendor (Lever, Greenhouse).</summary>
public interface IAtsOAuth
{
    /// <summary>Scopes without which the portal cannot work: a consent missing one is refused.</summary>
    IReadOnlyList<string> RequiredScopes { get; }

    /// <summary>Scopes asked for besides the required ones that only enable an extra; the connection works without them.</summary>
    IReadOnlyList<AtsOptionalScope> OptionalScopes { get; }

    /// <summary>The vendor's consent page for this state; <paramref name="environment"/> picks e.g. Lever's production or sandbox account.</summary>
    Uri BuildAuthorizeUrl(string state, Uri redirectUri, string? environment);

    Task<AtsTokenSet> ExchangeCodeAsync(string code, Uri redirectUri, string? environment, CancellationToken ct);

    /// <summary>Uses a refresh token once; the vendor rotates it, so the caller must store the returned one before anything else.</summary>
    Task<AtsTokenSet> RefreshAsync(string refreshToken, string? environment, CancellationToken ct);

    Task RevokeAsync(string token, string? environment, CancellationToken ct);
}
