using System.Security.Claims;
using Circular.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Accounts;

/// <summary>Adds the company (tenant) and display name to the sign-in cookie so every request knows its tenant.</summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    IDbContextFactory<PortalDbContext> dbFactory)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "" : user.DisplayName));
        if (user.CompanyId is { } companyId)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var name = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Name).SingleAsync();
            identity.AddClaim(new Claim(PortalClaims.CompanyId, companyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            identity.AddClaim(new Claim(PortalClaims.CompanyName, name));
        }
        return identity;
    }
}
