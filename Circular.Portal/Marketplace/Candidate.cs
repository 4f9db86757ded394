using Circular.Portal.Data;

namespace Circular.Portal.Marketplace;

/// <summary>A person Circular sent to a company. Contact details are what Circular knows, pushed to the ATS later.</summary>
public sealed class Candidate : ICompanyOwned, IHasTimestamps
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public required string Email { get; set; }
    public string? Phone { get; set; }
    public string? LinkedInUrl { get; set; }
    public CvFile? Cv { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string FullName => $"{FirstName} {LastName}".Trim();

    /// <summary>The form <see cref="Email"/> is stored and matched in (unique per company): trimmed, lower case.</summary>
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>A CV stored on disk under a generated name; the original name is kept for the download only.</summary>
public sealed class CvFile
{
    public required string StoredName { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
}
