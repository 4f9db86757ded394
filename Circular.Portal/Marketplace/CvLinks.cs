using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Circular.Portal.Marketplace;

/// <summary>
/// Short-lived public links to one CV, for ATSes that fetch a CV from a URL. The signature is an HMAC over
/// candidate id and expiry with a key kept by Data Protection, so a link cannot be forged or extended.
/// </summary>
public sealed class CvLinks(IDataProtectionProvider dataProtection, TimeProvider clock, CvStore store)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(10);

    private readonly Lazy<byte[]> _key = new(() => LoadOrCreateKey(dataProtection, store.Folder));

    public string CreatePath(int candidateId, TimeSpan? lifetime = null)
    {
        var expires = clock.GetUtcNow().Add(lifetime ?? DefaultLifetime).ToUnixTimeSeconds();
        return $"/public/cv/{candidateId}?exp={expires}&sig={Sign(candidateId, expires)}";
    }

    public bool IsValid(int candidateId, long expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || clock.GetUtcNow().ToUnixTimeSeconds() > expires) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(candidateId, expires));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private string Sign(int candidateId, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{candidateId}.{expires}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, message));
    }

    private static byte[] LoadOrCreateKey(IDataProtectionProvider provider, string cvFolder)
    {
        // A random key, kept beside the CVs and encrypted by Data Protection, survives restarts so live links stay valid.
        var protector = provider.CreateProtector("Circular.CvLinks.SigningKey.v1");
        var path = Path.Combine(cvFolder, "link-signing.key");
        if (File.Exists(path))
        {
            return protector.Unprotect(File.ReadAllBytes(path));
        }
        Directory.CreateDirectory(cvFolder);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, protector.Protect(key));
        return key;
    }
}
