using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Circular.Portal.Connections;

/// <summary>Carries the OAuth callback's message to the integrations page in the URL, protected and short-lived.</summary>
public sealed class OAuthResultMessages(IDataProtectionProvider provider)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("Circular.OAuthResult.v1").ToTimeLimitedDataProtector();

    public string Protect(string message) => _protector.Protect(message, TimeSpan.FromMinutes(5));

    public string? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            return _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
