namespace Circular.Portal.Providers.Teamtailor;

/// <summary>What the connect wizard asks of a Teamtailor admin, in Teamtailor's own words.</summary>
internal static class TeamtailorTraits
{
    public static readonly AtsProviderTraits Value =
        new AtsProviderTraits("Teamtailor", AtsAuthMethod.ApiToken, AtsWebhookSupport.ManualSetup, NeedsActingUser: false, Environments: [])
        {
            WriteConfirmedByFirstPush = true,
            CredentialFields =
            [
                new(AtsCredentialTarget.Account, "Region",
                    "Where your Teamtailor account is hosted. Most accounts are in Europe; accounts created in North America use the North American region.",
                    "^(eu|na)$", "Choose a region.", [new("eu", "Europe"), new("na", "North America")]),
                new(AtsCredentialTarget.ApiToken, "API key",
                    "In Teamtailor: Settings → Integrations → API keys → New API key. Choose the scope Admin and the permission Read/Write; the portal needs both to add candidates.",
                    "^[A-Za-z0-9._~+/=-]{10,400}$",
                    "That does not look like a Teamtailor API key: paste the whole key, without spaces.", []),
            ],
            VendorIssuesWebhookSecret = true,
            WebhookSetupSteps =
            [
                "Open Settings → Integrations → Webhooks and choose Add webhook (the feature must be enabled for your company).",
                "Give it a label such as Circular, paste the webhook URL above and select the events job_application.update and job_application.create.",
                "Save, then copy the signature key Teamtailor shows for the webhook and paste it below.",
            ],
        };
}
