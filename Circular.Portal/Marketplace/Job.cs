using Circular.Portal.Data;

namespace Circular.Portal.Marketplace;

public enum JobStatus { Draft, Published, Closed }

public enum EmploymentType { FullTime, PartTime, Contract, Temporary, Internship }

/// <summary>A job Circular advertises for a company.</summary>
public sealed class Job : ICompanyOwned, IHasTimestamps
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public required string Title { get; set; }
    public string Location { get; set; } = "";
    public string Department { get; set; } = "";
    /// <summary>Null when not known (an ATS job without one); shown as "—" and asked for in the edit form.</summary>
    public EmploymentType? EmploymentType { get; set; }
    /// <summary>Plain text or sanitised HTML; never rendered raw.</summary>
    public string Description { get; set; } = "";
    public JobStatus Status { get; set; } = JobStatus.Draft;
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
