using System.Text.Json;

namespace Circular.Portal.Providers.Recruitee;

/// <summary>
/// What the portal calls a Recruitee account. The API has no confirmed endpoint for the company's name, but every offer
/// links to the company's careers site, <c>https://{subdomain}.recruitee.com/o/{slug}</c>, and the subdomain is the name
/// the company chose for itself: "acme.recruitee.com" reads better than a bare number.
/// </summary>
public static class RecruiteeCompanyName
{
    private const string CareersDomain = ".recruitee.com";

    /// <param name="typed">The company id or subdomain the admin typed.</param>
    /// <param name="offersPage">A page of <c>GET /c/{company}/offers</c>, when the token may read offers.</param>
    public static string From(string typed, JsonElement? offersPage)
    {
        if (!long.TryParse(typed, out _)) return typed + CareersDomain;
        return SubdomainOf(offersPage) is { } subdomain ? subdomain + CareersDomain : Fallback(typed);
    }

    /// <summary>The name when no careers link is known: the number the admin typed.</summary>
    public static string Fallback(string typed) => $"Recruitee company {typed}";

    /// <summary>The id of the first offer of a listing, to read its detail when the listing carries no links.</summary>
    public static string? FirstOfferId(JsonElement? page) =>
        Offers(page).Select(o => o.TryGetProperty("id", out var id) ? id.ToString() : null).FirstOrDefault(id => !string.IsNullOrEmpty(id));

    /// <summary>The offers of a listing (<c>{ "offers": [...] }</c>) or of one offer's page (<c>{ "offer": {...} }</c>).</summary>
    private static IEnumerable<JsonElement> Offers(JsonElement? page)
    {
        if (page is not { ValueKind: JsonValueKind.Object } p) yield break;
        if (p.TryGetProperty("offer", out var one) && one.ValueKind == JsonValueKind.Object) yield return one;
        if (!p.TryGetProperty("offers", out var offers) || offers.ValueKind != JsonValueKind.Array) yield break;
        foreach (var offer in offers.EnumerateArray()) yield return offer;
    }

    private static string? SubdomainOf(JsonElement? page)
    {
        foreach (var offer in Offers(page))
        {
            foreach (var field in (string[])["careers_url", "url"])
            {
                if (offer.TryGetProperty(field, out var link) && link.ValueKind == JsonValueKind.String
                    && Uri.TryCreate(link.GetString(), UriKind.Absolute, out var uri)
                    && uri.Host.EndsWith(CareersDomain, StringComparison.OrdinalIgnoreCase))
                {
                    var subdomain = uri.Host[..^CareersDomain.Length];
                    // app.recruitee.com is the admin app, not a careers site.
                    if (subdomain.Length > 0 && !subdomain.Contains('.') && !subdomain.Equals("app", StringComparison.OrdinalIgnoreCase)) return subdomain.ToLowerInvariant();
                }
            }
        }
        return null;
    }
}
