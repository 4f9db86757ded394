using Circular.Portal.Data;
using Circular.Portal.Providers;

namespace Circular.Portal.Connections;

public enum ConnectionState { Connecting, Syncing, Connected, NeedsReauth, Disconnected }

/// <summary>
/// A company's link to one ATS account. Secrets live only in <see cref="SecretsCiphertext"/>, encrypted by the vault
/// with a purpose bound to the company and this connection; everything else here is safe to show.
/// </summary>
public sealed class AtsConnection : ICompanyOwned, IHasTimestamps
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public AtsKind Kind { get; set; }

    /// <summary>Random, URL-safe, public: names the connection in its webhook URL (/hooks/{vendor}/{PublicId}).</summary>
    public required string PublicId { get; set; }

    public ConnectionState State { get; set; } = ConnectionState.Connecting;

    /// <summary>Subdomain, region or company id at the vendor; never a URL.</summary>
    public string? Account { get; set; }
    public string? Environment { get; set; }
    public string? AccountName { get; set; }
    public string? ActingUserId { get; set; }
    public string? ActingUserName { get; set; }

    public byte[]? SecretsCiphertext { get; set; }

    /// <summary>The last four characters of the token or key, the most the UI ever shows.</summary>
    public string? SecretHint { get; set; }

    public DateTimeOffset? AccessTokenExpiresAt { get; set; }

    /// <summary>When the vendor says the credential itself expires (Workable tokens may carry a date).</summary>
    public DateTimeOffset? CredentialExpiresAt { get; set; }
    public string? GrantedScopes { get; set; }

    /// <summary>
    /// When a push first succeeded, for vendors whose write permission cannot be checked without writing
    /// (<see cref="AtsProviderTraits.WriteConfirmedByFirstPush"/>); null until then. Set by the push engine.
    /// </summary>
    public DateTimeOffset? WriteConfirmedAt { get; set; }

    public string? WebhookSubscriptionId { get; set; }
    public bool WebhookAutoRegistered { get; set; }

    /// <summary>
    /// Why webhooks do not work yet (the portal could not subscribe itself, say). Unlike <see cref="LastError"/>, which
    /// every sync replaces, it stays until a correctly signed delivery arrives or the subscription is made.
    /// </summary>
    public string? WebhookWarning { get; set; }

    /// <summary>When the last correctly signed webhook delivery arrived: the proof that webhooks work.</summary>
    public DateTimeOffset? LastWebhookAt { get; set; }

    /// <summary>When an admin was shown the portal-generated webhook secret. It is shown once; after that only Rotate makes (and shows) a new one.</summary>
    public DateTimeOffset? WebhookSecretShownAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// The vendor asked for a pause longer than the portal waits in-line (429 Retry-After, an exhausted rate-limit reset):
    /// no call goes to this connection before then, and the admin sees "Lever asked us to wait until …". Holds no thread.
    /// </summary>
    public DateTimeOffset? RateLimitedUntil { get; set; }
    public DateTimeOffset? LastSyncedAt { get; set; }

    /// <summary>When the last sync listed every job (not only the changed ones): only such a listing can tell a deleted job.</summary>
    public DateTimeOffset? LastFullSyncAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The provider's opaque status cursor, saved after each applied poll (the provider builds in its overlap).</summary>
    public string? StatusCursor { get; set; }

    /// <summary>When the last status poll finished, whatever its outcome (its run, if it read anything, says more).</summary>
    public DateTimeOffset? LastStatusPollAt { get; set; }

    /// <summary>Why the last status poll failed; null when it worked.</summary>
    public string? LastStatusPollError { get; set; }
    public DateTimeOffset? ConnectedAt { get; set; }
    public DateTimeOffset? DisconnectedAt { get; set; }

    /// <summary>Changes on every save; a stale concurrent save is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsLive => State != ConnectionState.Disconnected;
}
