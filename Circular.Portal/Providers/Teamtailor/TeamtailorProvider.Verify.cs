namespace Circular.Portal.Providers.Teamtailor;

internal sealed partial class TeamtailorProvider
{
    public async Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var api = Api(connection);
        var region = RegionName(connection.Credentials.Account);
        TtDocument<TtResource<TtCompany>> company;
        try
        {
            // Vendor docs: https://docs.teamtailor.com/#show-your-company (the company the API key belongs to)
            company = await GetAsync<TtDocument<TtResource<TtCompany>>>(connection, $"{api}/company", ct);
        }
        catch (AtsException e) when (e.StatusCode == 401)
        {
            throw await WrongKeyOrRegionAsync(connection, e, ct);
        }
        catch (AtsException e) when (e.StatusCode == 404)
        {
            throw new AtsException(Vendor, AtsFailureKind.Permanent,
                $"Teamtailor has no API for this account in the {region} region: the region is wrong. Choose the region your Teamtailor account is hosted in.", 404, null, e);
        }

        var missing = new List<string>();
        // Vendor docs: https://docs.teamtailor.com/#list-candidates (needs an Admin key)
        if (!await AllowedAsync(() => GetAsync<TtDocument<List<TtResource<TtCandidate>>>>(connection, $"{api}/candidates?page%5Bsize%5D=1", ct)))
        {
            missing.Add("The API key is not an Admin key, so Circular cannot add candidates or read their status. In Teamtailor, create a key under " +
                "Settings → Integrations → API keys with scope \"Admin\" and permission \"Read/Write\".");
        }
        // Whether the key may write (permission Read/Write) shows only on a write, and verification writes nothing to the
        // company's live account: the first push confirms it (TeamtailorTraits.WriteConfirmedByFirstPush).
        return new AtsAccount(company.Data?.Attributes?.Name ?? "Teamtailor account", [], missing);
    }

    private static async Task<bool> AllowedAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            return false;
        }
    }

    /// <summary>Keys are per region: a key from the other region answers 401 here, which means a wrong region, not a wrong key.</summary>
    private async Task<AtsException> WrongKeyOrRegionAsync(AtsConnectionContext connection, AtsException unauthorized, CancellationToken ct)
    {
        var other = TeamtailorOptions.OtherRegion(connection.Credentials.Account);
        try
        {
            var probe = new AtsConnectionContext(connection.ConnectionKey, new AtsCredentials { ApiToken = connection.Credentials.ApiToken, Account = other });
            await GetAsync<TtDocument<TtResource<TtCompany>>>(probe, $"{Api(probe)}/company", ct);
            return new AtsException(Vendor, AtsFailureKind.Permanent,
                $"This API key belongs to a Teamtailor account hosted in the {RegionName(other)} region. Change the region to {RegionName(other)}.", 401, null, unauthorized);
        }
        catch (AtsException)
        {
            return new AtsException(Vendor, AtsFailureKind.Auth,
                "Teamtailor did not accept the API key. Check that the whole key was copied and that it still exists under Settings → Integrations → API keys.",
                401, null, unauthorized);
        }
    }

    private static string RegionName(string? region) => TeamtailorOptions.OtherRegion(region) == "eu" ? "North America (NA)" : "EU";
}
