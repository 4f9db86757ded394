using System.Security.Claims;
using Bunit;
using Circular.Portal.Accounts;
using Circular.Portal.Support.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Components;

/// <summary>The banner every page shows while support views as a company: whom, which mode, until when, Stop; never dismissable.</summary>
public sealed class ImpersonationBannerTests : BunitContext
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 14, 2, 0, TimeSpan.Zero));

    private IRenderedComponent<ImpersonationBanner> Render(bool write, bool impersonating = true)
    {
        Services.AddSingleton<TimeProvider>(_clock);
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@acme.example");
        var claims = new List<Claim>
        {
            new(PortalClaims.DisplayName, "Acme admin"),
            new(PortalClaims.CompanyName, "Acme"),
            new(PortalClaims.CompanyId, "7"),
        };
        if (impersonating)
        {
            var identity = new ClaimsIdentity();
            ImpersonationClaims.Add(identity, new ImpersonationTicket("support-1", "Circular Support", "sid-1", _clock.GetUtcNow().AddMinutes(30), write, "TICKET-1"));
            claims.AddRange(identity.Claims);
        }
        auth.SetClaims(claims.ToArray());
        return Render<ImpersonationBanner>();
    }

    [Fact]
    public void Read_only_view_says_whom_which_mode_when_it_ends_and_offers_stop_but_no_close()
    {
        var banner = Render(write: false);

        var text = banner.Find("#impersonation-text").TextContent;
        Assert.Contains("Acme admin", text);
        Assert.Contains("Acme", text);
        Assert.Contains("read-only", text);
        Assert.Contains("ends 2026-11-02 14:32 UTC", text);
        Assert.Equal("read", banner.Find("#impersonation-banner").GetAttribute("data-mode"));
        Assert.Equal("/support/impersonation/stop", banner.Find("#impersonation-stop").Closest("form")!.GetAttribute("action"));
        Assert.Single(banner.FindAll("#impersonation-elevate"));
        Assert.Empty(banner.FindAll("[aria-label='Close'], .mud-alert-close, [data-dismiss]"));
    }

    [Fact]
    public void Write_mode_is_shown_and_offers_no_second_elevation()
    {
        var banner = Render(write: true);

        Assert.Contains("write mode", banner.Find("#impersonation-mode").TextContent);
        Assert.Empty(banner.FindAll("#impersonation-elevate"));
    }

    [Fact]
    public void When_the_limit_passes_the_banner_says_the_view_ended_without_a_click()
    {
        var banner = Render(write: false);

        _clock.Advance(TimeSpan.FromMinutes(30));

        banner.WaitForAssertion(() => Assert.Equal("ended", banner.Find("#impersonation-banner").GetAttribute("data-mode")));
        Assert.Contains("Back to the support console", banner.Find("#impersonation-stop").TextContent);
    }

    [Fact]
    public void Nothing_shows_for_a_company_admin_signed_in_as_themself()
    {
        var banner = Render(write: false, impersonating: false);

        Assert.Empty(banner.FindAll("#impersonation-banner"));
    }
}
