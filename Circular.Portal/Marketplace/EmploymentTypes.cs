namespace Circular.Portal.Marketplace;

/// <summary>How an employment type reads on pages and forms (never the raw enum name), "—" when unknown.</summary>
public static class EmploymentTypes
{
    public static string Display(EmploymentType? type) => type switch
    {
        EmploymentType.FullTime => "Full-time",
        EmploymentType.PartTime => "Part-time",
        EmploymentType.Contract => "Contract",
        EmploymentType.Temporary => "Temporary",
        EmploymentType.Internship => "Internship",
        _ => "—",
    };
}
