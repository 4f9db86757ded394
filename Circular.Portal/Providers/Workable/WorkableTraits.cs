namespace Circular.Portal.Providers.Workable;

/// <summary>What the connect wizard asks of a Workable admin, in Workable's own words.</summary>
internal static class WorkableTraits
{
    public static readonly AtsProviderTraits Value =
        new AtsProviderTraits("Workable", AtsAuthMethod.ApiToken, AtsWebhookSupport.ApiRegistration, NeedsActingUser: false, Environments: [])
        {
            WriteConfirmedByFirstPush = true,
            CredentialFields =
            [
                new(AtsCredentialTarget.Account, "Subdomain",
                    "The first part of your Workable address: for acme.workable.com it is acme (also under Settings → Company profile).",
                    "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
                    "Enter only the subdomain in lower case (letters, digits and dashes), not the whole address.", []),
                new(AtsCredentialTarget.ApiToken, "API access token",
                    "In Workable: Settings → Integrations → Apps → API Access Tokens → Generate new token, with the scopes r_jobs, r_candidates and w_candidates. Workable shows it once.",
                    "^[A-Za-z0-9._~+/=-]{16,400}$",
                    "That does not look like a Workable token: paste the whole token, without spaces.", []),
                new(AtsCredentialTarget.ExpiryDate, "Token expires on (optional)",
                    "The expiry you chose when generating the token. The portal warns you two weeks ahead so you can replace it in time.",
                    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "Enter the date as shown by Workable, or leave it empty.", []) { Optional = true },
            ],
        };
}
