using Flurl;

namespace Circular.Portal.Providers.Workable;

public sealed partial class WorkableProvider
{
    private const string MissingReadJobs =
        "Read jobs (r_jobs): without it the portal cannot import your jobs or list your team.";
    private const string MissingReadCandidates =
        "Read candidates (r_candidates): without it the portal cannot follow the candidates it sent, nor receive their updates.";
    public async Task<AtsAccount> VerifyAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var missing = new List<string>();
        IReadOnlyList<AtsUser> users = [];
        try
        {
            users = await MembersAsync(connection, ct);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            missing.Add(MissingReadJobs);
        }
        catch (AtsException e) when (e.StatusCode == 404)
        {
            throw new AtsException(Kind, AtsFailureKind.Permanent,
                $"Workable has no account at the subdomain '{Subdomain(connection)}'. Check the subdomain: it is the part before .workable.com.", 404, null, e);
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Auth)
        {
            throw new AtsException(Kind, AtsFailureKind.Auth,
                $"Workable did not accept the API access token for '{Subdomain(connection)}'. Check that the token is complete, not expired or revoked, and made in this account.",
                e.StatusCode, null, e);
        }

        var name = await AccountNameAsync(connection, ct);
        if (!await HasScopeAsync(ReadOneCandidateAsync(connection, ct))) missing.Add(MissingReadCandidates);
        // w_candidates cannot be checked without writing (Workable has no call that lists a token's scopes), and verification
        // writes nothing to the company's live account: the first push confirms it (WorkableTraits.WriteConfirmedByFirstPush).
        return new AtsAccount(name, users, missing);
    }

    private async Task<IReadOnlyList<AtsUser>> MembersAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var users = new List<AtsUser>();
        // Vendor docs: https://workable.readme.io/reference/members
        var url = ApiUrl(connection, "members").SetQueryParam("limit", PageSize);
        await foreach (var page in PagesAsync<WorkableMembersPage>(connection, url, p => p.Paging, ct))
        {
            users.AddRange((page.Members ?? [])
                .Where(m => m.Active != false && !string.IsNullOrWhiteSpace(m.Id))
                .Select(m => new AtsUser(m.Id!, m.Name ?? m.Email ?? m.Id!, m.Email)));
        }
        return users;
    }

    /// <summary>The name is a nicety: when the accounts list is unavailable the subdomain stands in for it.</summary>
    private async Task<string> AccountNameAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        var subdomain = Subdomain(connection);
        try
        {
            // Vendor docs: https://workable.readme.io/reference/accounts
            var page = await GetAsync<WorkableAccountsPage>(connection, ApiUrl(connection, "accounts"), ct);
            var account = page.Accounts?.FirstOrDefault(a => string.Equals(a.Subdomain, subdomain, StringComparison.OrdinalIgnoreCase))
                ?? (page.Accounts?.Count == 1 ? page.Accounts[0] : null);
            return string.IsNullOrWhiteSpace(account?.Name) ? subdomain : account.Name;
        }
        catch (AtsException e) when (e.Kind is AtsFailureKind.Permanent or AtsFailureKind.Permission)
        {
            return subdomain;
        }
    }

    private async Task ReadOneCandidateAsync(AtsConnectionContext connection, CancellationToken ct)
    {
        // Vendor docs: https://workable.readme.io/reference/job-candidates-index
        await GetAsync<WorkableCandidatesPage>(connection, ApiUrl(connection, "candidates").SetQueryParam("limit", 1), ct);
    }

    private static async Task<bool> HasScopeAsync(Task probe)
    {
        try
        {
            await probe;
            return true;
        }
        catch (AtsException e) when (e.Kind == AtsFailureKind.Permission)
        {
            return false;
        }
    }
}
