namespace Circular.Portal.Accounts;

/// <summary>The tenant: a company that posts jobs on Circular and runs an ATS.</summary>
public sealed class Company
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
