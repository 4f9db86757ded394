namespace Circular.Portal.Data.Audit;

/// <summary>
/// A row that records who did something: it keeps a display name for the page, and the audit interceptor stamps the
/// acting person's id beside it when a person adds the row or changes that name (background jobs leave it null).
/// </summary>
public interface IStampedByActor
{
    string? ByUserId { get; set; }

    /// <summary>The name of the display-name property whose change means "done again by someone".</summary>
    string ByName { get; }
}
