using Circular.Portal.Connections;
using Microsoft.AspNetCore.DataProtection;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Connections;

public sealed class CredentialVaultTests
{
    private readonly CredentialVault _vault = new(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(TestPaths.NewFolder("vault"), "keys"))));

    private static AtsConnection Connection(int companyId, string publicId) => new() { CompanyId = companyId, PublicId = publicId };

    [Fact]
    public void Secrets_round_trip_for_their_own_connection()
    {
        var connection = Connection(1, "abc");
        _vault.Store(connection, new ConnectionSecrets { ApiToken = "tok_0123456789abcdef", WebhookSecret = "whsec" });

        var back = _vault.Unprotect(connection);

        Assert.Equal("tok_0123456789abcdef", back!.ApiToken);
        Assert.Equal("whsec", back.WebhookSecret);
        Assert.Equal("cdef", connection.SecretHint);
    }

    [Fact]
    public void Ciphertext_copied_to_another_connection_or_company_does_not_decrypt()
    {
        var original = Connection(1, "abc");
        _vault.Store(original, new ConnectionSecrets { ApiToken = "tok_0123456789abcdef" });

        var otherConnection = Connection(1, "xyz");
        otherConnection.SecretsCiphertext = original.SecretsCiphertext;
        var otherCompany = Connection(2, "abc");
        otherCompany.SecretsCiphertext = original.SecretsCiphertext;

        Assert.Null(_vault.Unprotect(otherConnection));
        Assert.Null(_vault.Unprotect(otherCompany));
    }

    [Fact]
    public void Ciphertext_does_not_contain_the_secret_and_wiping_removes_it()
    {
        var connection = Connection(1, "abc");
        _vault.Store(connection, new ConnectionSecrets { ApiToken = "tok_0123456789abcdef" });

        Assert.DoesNotContain("tok_0123456789abcdef", System.Text.Encoding.UTF8.GetString(connection.SecretsCiphertext!));
        CredentialVault.Wipe(connection);
        Assert.Null(connection.SecretsCiphertext);
        Assert.Null(connection.SecretHint);
        Assert.Null(_vault.Unprotect(connection));
    }

    [Fact]
    public void Secrets_never_print_themselves()
    {
        var secrets = new ConnectionSecrets { ApiToken = "tok_0123456789abcdef", RefreshToken = "refresh-xyz" };
        Assert.DoesNotContain("tok_", secrets.ToString());
        Assert.DoesNotContain("refresh-xyz", secrets.ToString());
        var credentials = new Circular.Portal.Providers.AtsCredentials { ApiToken = "tok_0123456789abcdef", AccessToken = "acc" };
        Assert.DoesNotContain("tok_", credentials.ToString());
    }
}
