namespace Circular.Portal.Providers.Greenhouse;

/// <summary>What the connect wizard tells a Greenhouse admin.</summary>
internal static class GreenhouseTraits
{
    public static readonly AtsProviderTraits Value =
        new AtsProviderTraits("Greenhouse", AtsAuthMethod.OAuth, AtsWebhookSupport.ManualSetup, NeedsActingUser: true, Environments: [])
        {
            ConnectIntro = "You will be sent to Greenhouse to sign in and approve the portal's access. Sign in as a Site Admin " +
                "(ideally with \"Authorize using a service account\"): Greenhouse only lets Site Admins list jobs. Nothing is saved until you come back.",
            HasSetupStep = true,
            WebhookSetupSteps =
            [
                "Open Configure → Dev Center → Webhooks and create a webhook for each event: Candidate has been rejected, Candidate has been hired, Candidate has changed stage.",
                "Paste the webhook URL above as the endpoint URL and the secret above as the secret key.",
                "Save: Greenhouse pings the URL, which the portal answers.",
            ],
        };
}
