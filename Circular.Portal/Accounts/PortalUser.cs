using Microsoft.AspNetCore.Identity;

namespace Circular.Portal.Accounts;

/// <summary>A person who signs in: a company admin (with a company) or Circular support staff (without one).</summary>
public sealed class PortalUser : IdentityUser
{
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public string DisplayName { get; set; } = "";
}

public static class PortalRoles
{
    public const string CompanyAdmin = "CompanyAdmin";
    public const string Support = "Support";
}

public static class PortalClaims
{
    public const string CompanyId = "circular:company_id";
    public const string CompanyName = "circular:company_name";
    public const string DisplayName = "circular:display_name";
}
