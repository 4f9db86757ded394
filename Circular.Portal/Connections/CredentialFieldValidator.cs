using Circular.Portal.Components;
using System.Text.RegularExpressions;
using Circular.Portal.Providers;
using FluentValidation;

namespace Circular.Portal.Connections;

/// <summary>Validates one connect-wizard input by its vendor's description: required, a sane length, and the vendor's pattern.</summary>
public sealed class CredentialFieldValidator : AbstractValidator<string>
{
    public CredentialFieldValidator(AtsCredentialField field)
    {
        When(value => !(field.Optional && string.IsNullOrEmpty(value)), () => Rules(field));
    }

    private void Rules(AtsCredentialField field)
    {
        RuleFor(value => value)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"Enter the {Words.LowerFirst(field.Label)}.")
            .MaximumLength(500).WithMessage($"The {Words.LowerFirst(field.Label)} is too long.")
            .Must(v => v.Trim() == v).WithMessage($"Remove the spaces around the {Words.LowerFirst(field.Label)}.")
            .Must(v => Regex.IsMatch(v, field.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1))).WithMessage(field.PatternMessage)
            .When(_ => field.Choices.Count == 0);
        RuleFor(value => value)
            .Must(v => field.Choices.Any(c => c.Value == v)).WithMessage($"Choose a {Words.LowerFirst(field.Label)}.")
            .When(_ => field.Choices.Count > 0);
    }

    /// <summary>The messages for one value, for MudBlazor's per-field <c>Validation</c>.</summary>
    public IEnumerable<string> Messages(string? value)
    {
        var result = Validate(value ?? "");
        return result.Errors.Select(e => e.ErrorMessage);
    }
}
