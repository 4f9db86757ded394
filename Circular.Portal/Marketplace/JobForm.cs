using FluentValidation;

namespace Circular.Portal.Marketplace;

/// <summary>What a person edits for a job.</summary>
public sealed class JobForm
{
    public string Title { get; set; } = "";
    public string Location { get; set; } = "";
    public string Department { get; set; } = "";
    /// <summary>Null when not known yet (imported without one): the form asks for it before saving.</summary>
    public EmploymentType? EmploymentType { get; set; } = Marketplace.EmploymentType.FullTime;
    public string Description { get; set; } = "";

    public static JobForm From(Job job) => new()
    {
        Title = job.Title,
        Location = job.Location,
        Department = job.Department,
        EmploymentType = job.EmploymentType,
        Description = job.Description,
    };
}

public sealed class JobFormValidator : AbstractValidator<JobForm>
{
    public JobFormValidator()
    {
        RuleFor(j => j.Title).NotEmpty().WithMessage("Give the job a title.")
            .MaximumLength(200).WithMessage("Keep the title under 200 characters.");
        RuleFor(j => j.Location).MaximumLength(200).WithMessage("Keep the location under 200 characters.");
        RuleFor(j => j.Department).MaximumLength(200).WithMessage("Keep the department under 200 characters.");
        RuleFor(j => j.EmploymentType).NotNull().WithMessage("Choose an employment type.")
            .IsInEnum().WithMessage("Choose an employment type.");
        RuleFor(j => j.Description).MaximumLength(20_000).WithMessage("Keep the description under 20,000 characters.");
    }

    /// <summary>MudForm's per-field hook: validates one property and returns its messages.</summary>
    public Func<object, string, Task<IEnumerable<string>>> ValidateValue => async (model, propertyName) =>
    {
        var result = await ValidateAsync(ValidationContext<JobForm>.CreateWithOptions((JobForm)model, x => x.IncludeProperties(propertyName)));
        return result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage);
    };
}
