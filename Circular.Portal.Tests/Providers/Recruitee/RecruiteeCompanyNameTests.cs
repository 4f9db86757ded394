using System.Text.Json;
using Circular.Portal.Providers.Recruitee;
using Circular.Portal.Tests.TestSupport;

namespace Circular.Portal.Tests.Providers.Recruitee;

/// <summary>A Recruitee account is named by its careers-site subdomain, not "Recruitee company 104281".</summary>
[Collection(SandboxCollection.Name)]
public sealed class RecruiteeCompanyNameTests(SandboxFixture sandbox) : RecruiteeContract(sandbox)
{
    [Fact]
    public async Task A_numeric_company_id_is_named_by_the_careers_subdomain_its_offers_link_to()
    {
        var account = Emulator.AddAccount("Named Co", 1);
        Assert.True(long.TryParse(account.CompanyId, out _));

        var result = await Provider.VerifyAsync(Connect(account), default);

        Assert.Equal($"{account.Subdomain}.recruitee.com", result.Name);
        Assert.DoesNotContain(account.CompanyId, result.Name);
    }

    [Fact]
    public async Task A_typed_subdomain_names_the_account_itself()
    {
        var account = Emulator.AddAccount("Typed Co", 1);

        var result = await Provider.VerifyAsync(Connect(account, company: account.Subdomain), default);

        Assert.Equal($"{account.Subdomain}.recruitee.com", result.Name);
    }

    [Fact]
    public void A_brief_listing_without_links_falls_back_to_the_number_and_offers_its_first_offer_to_read()
    {
        // The shape of a recorded brief listing: no careers_url, url or adminapp_url.
        var brief = JsonDocument.Parse("""{ "offers": [ { "id": 1194303, "kind": "job", "slug": "devops", "status": "published", "title": "DevOps" } ] }""").RootElement;

        Assert.Equal(RecruiteeCompanyName.Fallback("104281"), RecruiteeCompanyName.From("104281", brief));
        Assert.Equal("1194303", RecruiteeCompanyName.FirstOfferId(brief));
    }

    [Fact]
    public void An_offer_page_names_the_company_but_the_admin_app_link_does_not()
    {
        var detail = JsonDocument.Parse("""{ "offer": { "id": 1, "adminapp_url": "https://app.recruitee.com/#/offers/1", "careers_url": "https://Acme.recruitee.com/o/devops" } }""").RootElement;
        var adminOnly = JsonDocument.Parse("""{ "offer": { "id": 1, "url": "https://app.recruitee.com/#/offers/1" } }""").RootElement;

        Assert.Equal("acme.recruitee.com", RecruiteeCompanyName.From("104281", detail));
        Assert.Equal("Recruitee company 104281", RecruiteeCompanyName.From("104281", adminOnly));
    }
}
