namespace Circular.Portal.Providers.Recruitee;

/// <summary>What the connect wizard asks of a Recruitee admin, in Recruitee's own words.</summary>
internal static class RecruiteeTraits
{
    public static readonly AtsProviderTraits Value =
        new AtsProviderTraits("Recruitee", AtsAuthMethod.ApiToken, AtsWebhookSupport.ManualSetup, NeedsActingUser: false, Environments: [])
        {
            WriteConfirmedByFirstPush = true,
            CredentialFields =
            [
                new(AtsCredentialTarget.Account, "Company ID",
                    "In Recruitee: Settings → Apps and plugins → Personal API tokens shows it under \"Current company details\" (a number; your company subdomain also works).",
                    "^(?:[0-9]{1,12}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$",
                    "Enter the numeric company ID or your company subdomain, not a web address.", []),
                new(AtsCredentialTarget.ApiToken, "Personal API token",
                    "Same page: + New token. The token acts with your own hiring role, so create it as a user who may add candidates to every job.",
                    "^[A-Za-z0-9._~+/=-]{10,400}$",
                    "That does not look like a Recruitee token: paste the whole token, without spaces.", []),
            ],
            WebhookSetupSteps =
            [
                "Open Settings → Apps and plugins → Webhooks and choose + New webhook (your role needs \"Manage webhooks\").",
                "Name it Circular, paste the webhook URL above and choose the events candidate_moved and candidate_assigned.",
                "Paste the secret above as the webhook secret and save: Recruitee sends a test request, which the portal answers.",
            ],
        };
}
