using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Circular.Portal.Marketplace;

/// <summary>What a valid CV link says: whose CV, for which push (to log the fetch on its timeline), until when.</summary>
public sealed record CvLinkClaim(int CandidateId, long? PushId, DateTimeOffset ExpiresAt);

/// <summary>
/// Time-limited public links to one CV, for ATSes that fetch a CV from a URL. The token is made by Data Protection's
/// time-limited protector (its key ring is the portal's, kept in the database), so a link can be neither forged,
/// moved to another candidate, nor extended. Links are absolute, from <c>Portal:PublicUrl</c>: a worker sending a push
/// has no request to take a host from.
/// </summary>
public sealed class CvLinks(IDataProtectionProvider dataProtection, TimeProvider clock, IConfiguration configuration)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("Circular.CvLinks.v2").ToTimeLimitedDataProtector();

    /// <summary>The absolute link a vendor fetches.</summary>
    public Uri CreateUrl(int candidateId, long? pushId, TimeSpan lifetime) =>
        new(PublicBase(configuration), CreatePath(candidateId, pushId, lifetime).TrimStart('/'));

    public string CreatePath(int candidateId, long? pushId = null, TimeSpan? lifetime = null)
    {
        var expires = clock.GetUtcNow().Add(lifetime ?? DefaultLifetime);
        var payload = string.Create(CultureInfo.InvariantCulture, $"cv:{candidateId}:{pushId}");
        return $"/public/cv/{candidateId}?t={_protector.Protect(payload, expires)}";
    }

    /// <summary>The link's claim when <paramref name="token"/> is genuine, for this candidate and not expired; else null.</summary>
    public CvLinkClaim? Read(int candidateId, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        string payload;
        DateTimeOffset expires;
        try
        {
            payload = _protector.Unprotect(token, out expires);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        if (expires < clock.GetUtcNow()) return null;
        var parts = payload.Split(':');
        if (parts.Length != 3 || parts[0] != "cv" || parts[1] != candidateId.ToString(CultureInfo.InvariantCulture)) return null;
        long? pushId = long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
        return new CvLinkClaim(candidateId, pushId, expires);
    }

    public bool IsValid(int candidateId, string? token) => Read(candidateId, token) is not null;

    /// <summary><c>Portal:PublicUrl</c>; in Development only, the local default address when it is not set.</summary>
    public static Uri PublicBase(IConfiguration configuration)
    {
        var configured = configuration["Portal:PublicUrl"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"];
            configured = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(u => !u.Contains('*') && !u.Contains("+:", StringComparison.Ordinal))
                         ?? "http://localhost:5080";
        }
        return new Uri(configured.TrimEnd('/') + "/");
    }
}
