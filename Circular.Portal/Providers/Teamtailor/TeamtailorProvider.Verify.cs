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
        else if (!await CanCreateAsync(connection, api, ct))
        {
            missing.Add("The API key can only read. In Teamtailor, create an Admin key with permission \"Read/Write\" so Circular can add candidates to your jobs.");
        }
        return new AtsAccount(company.Data?.Attributes?.Name ?? "Teamtailor account", [], missing);
    }

    /// <summary>
    /// Write permission shows only on a write. An application without candidate and job is always refused (422) by a key
    /// that may write, and 403 by one that may not, so nothing is ever created here.
    /// </summary>
    private async Task<bool> CanCreateAsync(AtsConnectionContext connection, string api, CancellationToken ct)
    {
        try
        {
            // Vendor docs: https://docs.teamtailor.com/#create-job-application (candidate and job are required)
            await PostAsync<TtDocument<TtResource<TtApplication>>>(connection, $"{api}/job-applications",
                new TtCreate<TtNewApplication>(new("job-applications", new TtNewApplication(null, true, false))), ct);
            log.LogWarning("Teamtailor accepted an empty job application during verification of {ConnectionKey}", connection.ConnectionKey);
            return true;
        }
        catch (AtsException e) when (e.StatusCode is 400 or 422)
        {
            return true;
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            return false;
        }
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
