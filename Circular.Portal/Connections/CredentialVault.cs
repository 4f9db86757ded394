using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Circular.Portal.Connections;

/// <summary>
/// Encrypts a connection's secrets with ASP.NET Core Data Protection. The purpose names the company and the connection,
/// so a ciphertext copied to another connection (or company) does not decrypt.
/// </summary>
public sealed class CredentialVault(IDataProtectionProvider provider)
{
    private const string Purpose = "Circular.Connections.Secrets.v1";

    public byte[] Protect(AtsConnection connection, ConnectionSecrets secrets) =>
        Protector(connection).Protect(JsonSerializer.SerializeToUtf8Bytes(secrets));

    /// <summary>The secrets, or null when there are none or they cannot be decrypted for this connection.</summary>
    public ConnectionSecrets? Unprotect(AtsConnection connection)
    {
        if (connection.SecretsCiphertext is not { Length: > 0 } cipher) return null;
        try
        {
            return JsonSerializer.Deserialize<ConnectionSecrets>(Protector(connection).Unprotect(cipher));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="secrets"/> on the connection, encrypted, with its hint.</summary>
    public void Store(AtsConnection connection, ConnectionSecrets secrets)
    {
        connection.SecretsCiphertext = Protect(connection, secrets);
        connection.SecretHint = secrets.Hint();
    }

    public static void Wipe(AtsConnection connection)
    {
        connection.SecretsCiphertext = null;
        connection.SecretHint = null;
        connection.AccessTokenExpiresAt = null;
    }

    private IDataProtector Protector(AtsConnection connection) =>
        provider.CreateProtector(Purpose, connection.CompanyId.ToString(CultureInfo.InvariantCulture), connection.PublicId);
}
