namespace Circular.Portal.Data;

/// <summary>A row that belongs to one company (the tenant). The tenant filter and save guard key on it.</summary>
public interface ICompanyOwned
{
    int CompanyId { get; set; }
}

/// <summary>A row whose creation and update times are stamped from <see cref="TimeProvider"/> in UTC.</summary>
public interface IHasTimestamps
{
    DateTimeOffset CreatedAt { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}
