namespace Circular.Portal.Providers;

public enum AtsFailureKind
{
    /// <summary>Timeouts, 5xx, 429: try again later (after <see cref="AtsException.RetryAfter"/> when given).</summary>
    Transient,
    /// <summary>4xx validation, job closed: retrying the same call will not help.</summary>
    Permanent,
    /// <summary>401, invalid_grant, revoked token: the connection needs re-authentication.</summary>
    Auth,
    /// <summary>403 or a missing scope: the admin must grant more at the vendor.</summary>
    Permission,
}

/// <summary>A classified failure of a vendor call. <see cref="Exception.Message"/> is written for a company admin and holds no secret.</summary>
public sealed class AtsException(AtsKind vendor, AtsFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public AtsKind Vendor { get; } = vendor;
    public AtsFailureKind Kind { get; } = kind;
    public int? StatusCode { get; } = statusCode;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
