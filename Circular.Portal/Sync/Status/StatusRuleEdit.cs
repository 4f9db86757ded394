using Circular.Portal.Providers;
using FluentValidation;

namespace Circular.Portal.Sync.Status;

/// <summary>The admin's choice for one term, naming the version of the rule they saw (null: they saw the default).</summary>
public sealed record StatusRuleEdit(int ConnectionId, AtsStatusTermKind Kind, string TermId, string Label, AtsStatusMeaning Meaning, Guid? SeenVersion);

public sealed class StatusRuleEditValidator : AbstractValidator<StatusRuleEdit>
{
    public StatusRuleEditValidator()
    {
        RuleFor(e => e.ConnectionId).GreaterThan(0).WithMessage("Choose a connection.");
        RuleFor(e => e.Kind).IsInEnum().WithMessage("That is not a kind of reason or stage the portal knows.");
        RuleFor(e => e.TermId).NotEmpty().WithMessage("The reason or stage has no id.")
            .MaximumLength(200).WithMessage("The id is longer than 200 characters.");
        RuleFor(e => e.Label).NotEmpty().WithMessage("The reason or stage has no name.")
            .MaximumLength(200).WithMessage("The name is longer than 200 characters.");
        RuleFor(e => e.Meaning).IsInEnum().WithMessage("Choose Hired, Rejected, Withdrawn or Ignore.");
    }
}
