namespace Circular.Portal.Providers;

/// <summary>
/// One connection's identity and credentials for a provider call. <see cref="ConnectionKey"/> keys the rate limiter,
/// so one tenant's limits never slow another. Secrets never appear in <see cref="ToString"/>.
/// </summary>
public sealed class AtsConnectionContext(string connectionKey, AtsCredentials credentials)
{
    public string ConnectionKey { get; } = connectionKey;
    public AtsCredentials Credentials { get; } = credentials;

    public override string ToString() => $"AtsConnectionContext {{ ConnectionKey = {ConnectionKey} }}";
}

/// <summary>What a connection holds for the vendor. Only the fields the vendor needs are set.</summary>
public sealed class AtsCredentials
{
    /// <summary>Workable access token, Teamtailor API key or Recruitee personal API token.</summary>
    public string? ApiToken { get; init; }

    /// <summary>OAuth access token (Lever, Greenhouse); refreshed by the connection before it expires.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Where the account lives: Workable subdomain, Teamtailor region, Recruitee company id. Never a URL.</summary>
    public string? Account { get; init; }

    /// <summary>OAuth environment where the vendor has several (Lever: "production" or "sandbox").</summary>
    public string? Environment { get; init; }

    /// <summary>The vendor user writes are made as (Lever perform_as, Greenhouse user id).</summary>
    public string? ActingUserId { get; init; }

    public override string ToString() =>
        $"AtsCredentials {{ Account = {Account}, Environment = {Environment}, ActingUserId = {ActingUserId}, secrets redacted }}";
}
