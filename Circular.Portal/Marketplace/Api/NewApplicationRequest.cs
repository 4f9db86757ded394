using FluentValidation;

namespace Circular.Portal.Marketplace.Api;

/// <summary>The platform's "a candidate applied" call. Field names are the JSON and form-field names.</summary>
public sealed class NewApplicationRequest
{
    public string PlatformApplicationId { get; set; } = "";
    public int JobId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string? LinkedInUrl { get; set; }
}

public sealed class NewApplicationRequestValidator : AbstractValidator<NewApplicationRequest>
{
    public NewApplicationRequestValidator()
    {
        RuleFor(r => r.PlatformApplicationId).NotEmpty().MaximumLength(100)
            .Matches("^[A-Za-z0-9._:-]+$").WithMessage("platformApplicationId may hold letters, digits and . _ : - only.");
        RuleFor(r => r.JobId).GreaterThan(0).WithMessage("jobId must name a Circular job.");
        RuleFor(r => r.FirstName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.LastName).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Email).NotEmpty().MaximumLength(254).EmailAddress().Must(ContactFields.IsBareEmail)
            .WithMessage("email must be a valid email address: one address, without a display name or line breaks.");
        RuleFor(r => r.Phone).MaximumLength(40).Matches(@"^\+?[0-9 ().\-]{5,40}$").When(r => !string.IsNullOrWhiteSpace(r.Phone))
            .WithMessage("phone may hold digits, spaces and + ( ) . - only.");
        RuleFor(r => r.LinkedInUrl).MaximumLength(300).Must(url => ContactFields.NormaliseLinkedIn(url) is not null)
            .When(r => !string.IsNullOrWhiteSpace(r.LinkedInUrl))
            .WithMessage("linkedInUrl must be a LinkedIn profile address, https://www.linkedin.com/in/<name>.");
    }
}
