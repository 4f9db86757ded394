namespace Circular.Portal.Providers.Lever;

/// <summary>What the connect wizard tells a Lever admin.</summary>
internal static class LeverTraits
{
    public static readonly AtsProviderTraits Value =
        new AtsProviderTraits("Lever", AtsAuthMethod.OAuth, AtsWebhookSupport.ApiRegistration, NeedsActingUser: true,
            [LeverOptions.Production, LeverOptions.Sandbox])
        {
            ConnectIntro = "You will be sent to Lever to sign in and approve the portal's access. Choose the Production account for real hiring, " +
                "or your Lever Sandbox account to try things out. A Super Admin must also switch the webhook group on in Lever's settings once.",
            // Lever issues a signature token per webhook and signs with it; the portal's own secret is never used by Lever.
            VendorIssuesWebhookSecret = true,
            // Only needed when the portal could not subscribe itself through the API.
            WebhookSetupSteps =
            [
                "Open Settings → Integrations and API → Webhooks (a Super Admin is needed).",
                "Switch on \"Candidate stage change\", \"Candidate archive state change\" and \"Candidate hired\", each with the webhook URL above.",
                "Copy the signature token Lever shows under each of them and paste them below, separated by spaces.",
                "Switch the webhook group on.",
            ],
        };
}
