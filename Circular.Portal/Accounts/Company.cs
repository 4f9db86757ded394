namespace Circular.Portal.Accounts;

/// <summary>The tenant: a company that posts jobs on Circular and runs an ATS.</summary>
public sealed class Company
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When set by the company's admin, Circular support may view the company only while a grant runs.</summary>
    public bool SupportAccessRequiresGrant { get; set; }

    /// <summary>The admin's grant: "allow support access until …" (UTC).</summary>
    public DateTimeOffset? SupportAccessUntil { get; set; }
}
