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
        };
}
