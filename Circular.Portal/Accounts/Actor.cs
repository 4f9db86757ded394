namespace Circular.Portal.Accounts;

/// <summary>How the current scope acts.</summary>
public enum ActorMode
{
    /// <summary>Nobody signed in and no company named.</summary>
    Nobody,
    /// <summary>No person: a background job or the Marketplace API acting for one company.</summary>
    Company,
    /// <summary>A named system service that may cross companies (sync workers, migrations, the support console's reads).</summary>
    System,
    /// <summary>A person acting as themself.</summary>
    User,
    /// <summary>Support viewing as a company: every write is refused.</summary>
    ImpersonatingReadOnly,
    /// <summary>Support viewing as a company, elevated with its own reason: writes allowed, the always-forbidden list still holds.</summary>
    ImpersonatingWrite,
}

/// <summary>
/// Who acts in this scope, as ids: the real person (the support user while impersonating), the effective user (the
/// company admin they act as), the company, the impersonation session, and the mode. The tenancy filter, the feature
/// methods and the audit log all read this one record (RFC 8693: <c>sub</c> is the effective user, <c>act</c> the real one).
/// </summary>
/// <param name="ExpiredSessionId">An impersonation that ran out: the scope has already fallen back to the support user's own identity.</param>
public sealed record Actor(
    ActorMode Mode,
    string? RealUserId = null,
    string? EffectiveUserId = null,
    int? CompanyId = null,
    string? ImpersonationSessionId = null,
    DateTimeOffset? ImpersonationEndsAt = null,
    string? SystemService = null,
    string? ExpiredSessionId = null)
{
    public static readonly Actor Nobody = new(ActorMode.Nobody);

    public bool IsImpersonating => Mode is ActorMode.ImpersonatingReadOnly or ActorMode.ImpersonatingWrite;

    public bool IsPerson => Mode is ActorMode.User || IsImpersonating;
}
