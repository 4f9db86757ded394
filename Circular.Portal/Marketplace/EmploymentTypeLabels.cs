namespace Circular.Portal.Marketplace;

/// <summary>How an employment type reads on a page; an unknown one (imported without it) reads "—".</summary>
public static class EmploymentTypeLabels
{
    public const string Unknown = "—";

    public static string Of(EmploymentType? type) => type switch
    {
        EmploymentType.FullTime => "Full-time",
        EmploymentType.PartTime => "Part-time",
        EmploymentType.Contract => "Contract",
        EmploymentType.Temporary => "Temporary",
        EmploymentType.Internship => "Internship",
        _ => Unknown,
    };
}
