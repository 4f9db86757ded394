using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Circular.Portal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Circular.Portal.Tests.Notifications;

[Collection(IntegrationCollection.Name)]
public sealed class EmailLinkTests(IntegrationFixture fixture)
{
    [Fact]
    public async Task Without_a_public_url_Development_emails_link_to_the_address_the_portal_listens_on()
    {
        var (companyId, admin) = await fixture.Portal.CreateAsync("Link Co");
        await using (var scope = fixture.ScopeFor(companyId))
        {
            await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAdminsAsync(companyId, "Link Co: a mapped job changed",
                "A job changed.", "/integrations/workable/jobs?tab=map", NotificationLevel.Warning, sendEmail: true, default);
        }

        var message = await fixture.Smtp.WaitForAsync(m => m.To.ToString().Contains(admin) && m.Subject == "Link Co: a mapped job changed");

        Assert.Contains($"Open the portal: {new Uri(fixture.BaseUrl, "integrations/workable/jobs?tab=map")}", message.TextBody);
    }
}
