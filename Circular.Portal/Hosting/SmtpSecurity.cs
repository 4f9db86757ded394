using MailKit.Security;

namespace Circular.Portal.Hosting;

/// <summary>
/// How the portal talks TLS to its SMTP server. <c>Auto</c> uses STARTTLS when offered, except in Production, where it
/// requires it: a server (or a man in the middle) that does not offer STARTTLS gets no mail in clear text. Only an
/// explicit <c>None</c> sends without TLS (a relay on the same host).
/// </summary>
public static class SmtpSecurity
{
    public static bool TryParse(string? value, out string normalised)
    {
        normalised = (value ?? "Auto").Trim();
        return normalised.ToLowerInvariant() is "auto" or "starttls" or "sslonconnect" or "none";
    }

    public static SecureSocketOptions Options(string? value, IHostEnvironment environment)
    {
        TryParse(value, out var setting);
        return setting.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "sslonconnect" => SecureSocketOptions.SslOnConnect,
            "starttls" => SecureSocketOptions.StartTls,
            _ => environment.IsProduction() ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable,
        };
    }
}
