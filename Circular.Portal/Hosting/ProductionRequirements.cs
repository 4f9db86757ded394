using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Circular.Portal.Hosting;

/// <summary>
/// What Production refuses to start without. Every missing or wrong setting is named in one message, with what to set,
/// so an operator fixes them all at once instead of meeting them one restart at a time.
/// </summary>
public static class ProductionRequirements
{
    /// <summary>Throws <see cref="InvalidOperationException"/> listing each problem when the environment is Production.</summary>
    public static void Enforce(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!environment.IsProduction()) return;
        var problems = Problems(configuration, environment).ToList();
        if (problems.Count == 0) return;
        throw new InvalidOperationException(
            "Circular Portal refuses to start in Production:" + Environment.NewLine
            + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) + Environment.NewLine
            + "See README, section \"Production\".");
    }

    public static IEnumerable<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        if (PublicUrlProblem(configuration["Portal:PublicUrl"]) is { } url) yield return url;
        if (KeyRingProblem(configuration, environment) is { } keyRing) yield return keyRing;
        var smtp = configuration["Smtp:Security"];
        if (!string.IsNullOrWhiteSpace(smtp) && !SmtpSecurity.TryParse(smtp, out _))
        {
            yield return $"Smtp:Security is '{smtp}'; set Auto (STARTTLS, required in Production), StartTls, SslOnConnect, or None for a local relay.";
        }
    }

    /// <summary>The portal's public https address: the only host it answers, and the base of OAuth redirects and webhook URLs.</summary>
    public static Uri? PublicUrl(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Portal:PublicUrl"], UriKind.Absolute, out var url) ? url : null;

    private static string? PublicUrlProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "Portal:PublicUrl is not set; set it to the portal's public https address, e.g. Portal__PublicUrl=https://portal.example.com "
                + "(it decides the host the portal answers and the OAuth and webhook URLs handed to vendors).";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(url.UserInfo)
            || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query))
        {
            return $"Portal:PublicUrl '{value}' is not an https origin; set it to e.g. https://portal.example.com (no path or query).";
        }
        return null;
    }

    /// <summary>
    /// The key ring lives in the database; without a certificate protecting it, a copy of the database alone decrypts
    /// every stored token. The certificate must load, hold its private key, and live outside the data folder.
    /// </summary>
    private static string? KeyRingProblem(IConfiguration configuration, IHostEnvironment environment)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return "DataProtection:CertificatePath is not set; the key ring that decrypts stored ATS tokens would sit unencrypted in the database. "
                + "Set DataProtection__CertificatePath to a PFX file kept outside the data folder (a mounted secret) and "
                + "DataProtection__CertificatePassword to its password (README, \"Production\", shows how to make one).";
        }
        var full = Path.GetFullPath(path, environment.ContentRootPath);
        var dataFolder = Path.GetFullPath(configuration["Storage:DataFolder"] ?? "App_Data", environment.ContentRootPath);
        if (full.StartsWith(dataFolder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"DataProtection:CertificatePath '{path}' is inside the data folder, beside the database it protects; keep the certificate elsewhere (a mounted secret).";
        }
        if (!File.Exists(full)) return $"DataProtection:CertificatePath '{path}' does not exist.";
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(full, configuration["DataProtection:CertificatePassword"]);
            if (!certificate.HasPrivateKey) return $"The certificate at DataProtection:CertificatePath '{path}' has no private key; export it as a PFX with its key.";
        }
        catch (CryptographicException)
        {
            return $"The certificate at DataProtection:CertificatePath '{path}' could not be opened; check DataProtection:CertificatePassword.";
        }
        return null;
    }
}
