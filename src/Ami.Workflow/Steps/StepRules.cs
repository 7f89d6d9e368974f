using Ami.Domain.Campaigns;
using Ami.Domain.Decisions;
using Ami.Domain.Money;
using Ami.Domain.Validation;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Steps;

/// <summary>What a step's rule reads: the choice (already one the step offers), the trimmed comment, the body, the dossier.</summary>
public sealed record StepCheck(string Choice, string? Comment, ActionBody Body, DossierRecord Dossier, Campaign Campaign, DateTimeOffset Now)
{
    public List<FieldError> Errors { get; } = [];

    public void RequireComment(string message)
    {
        if (Comment is null)
        {
            Errors.Add(new FieldError(StepFields.Comment, ErrorCodes.ReasonRequired, message));
        }
    }
}

/// <summary>A step's rules over its fields: adds every problem to <see cref="StepCheck.Errors"/>, returns the details to record.</summary>
public delegate DecisionDetails StepRule(StepCheck check);

/// <summary>The rules of each action step's fields (docs/api.md's table), referred to by <see cref="StepCatalog"/>.</summary>
public static class StepRules
{
    public const int MaxPlaceLength = 300;

    /// <summary>A reason unless eligible; with « éligible », an optional audition in the future, with its place.</summary>
    public static DecisionDetails Validation(StepCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Choice != JourneyDecisions.Eligible)
        {
            c.RequireComment("Indiquez au porteur la raison de cette décision ou les modifications attendues.");
        }

        var audition = StepFieldReaders.Flag(c.Errors, StepFields.Audition, c.Body[StepFields.Audition]);
        if (c.Choice != JourneyDecisions.Eligible || !audition)
        {
            return new DecisionDetails { Audition = false };
        }

        var at = StepFieldReaders.Instant(c.Errors, StepFields.AuditionAt, c.Body[StepFields.AuditionAt]);
        if (at is { } when && when <= c.Now)
        {
            c.Errors.Add(new FieldError(StepFields.AuditionAt, ErrorCodes.OutOfRange, "L'audition doit avoir lieu dans le futur."));
        }

        var place = c.Body[StepFields.AuditionPlace]?.Trim();
        if (string.IsNullOrEmpty(place))
        {
            c.Errors.Add(new FieldError(StepFields.AuditionPlace, ErrorCodes.Required, "Indiquez le lieu de l'audition."));
        }
        else if (place.Length > MaxPlaceLength)
        {
            c.Errors.Add(new FieldError(StepFields.AuditionPlace, ErrorCodes.TooLong, $"Le lieu dépasse {MaxPlaceLength} caractères."));
        }

        return new DecisionDetails { Audition = true, AuditionAt = at, AuditionPlace = place };
    }

    /// <summary>A scored sheet covers the dossier's own grid (frozen when its jury opened); a conflict needs nothing.</summary>
    public static DecisionDetails JuryScore(StepCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.Choice == JourneyDecisions.Scored
            ? new DecisionDetails { Scores = StepFieldReaders.Scores(c.Errors, c.Dossier.JuryGrid, c.Body.Scores) }
            : new DecisionDetails();
    }

    /// <summary>The jury's conclusions and a proposed amount, within the call's cap and the request when favourable.</summary>
    public static DecisionDetails JuryOpinion(StepCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        c.RequireComment("Rédigez les conclusions du jury : elles sont transmises au porteur.");
        var proposed = StepFieldReaders.Money(c.Errors, StepFields.ProposedAmount, c.Body[StepFields.ProposedAmount], required: true);
        if (proposed is { } p && c.Choice == JourneyDecisions.Favourable)
        {
            c.Errors.AddRange(GrantDecision.Validate(p, c.Dossier.RequestedAmount, c.Campaign, StepFields.ProposedAmount));
        }

        return new DecisionDetails { ProposedAmount = proposed };
    }

    /// <summary>The CP's date; a granted amount within the cap and the request, or the reasons of a refusal.</summary>
    public static DecisionDetails CpDecision(StepCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var cpDate = StepFieldReaders.Day(c.Errors, StepFields.CpDate, c.Body[StepFields.CpDate]);
        Euros? amount = null;
        if (c.Choice == JourneyDecisions.Granted)
        {
            amount = StepFieldReaders.Money(c.Errors, StepFields.Amount, c.Body[StepFields.Amount], required: true);
            if (amount is { } a)
            {
                c.Errors.AddRange(GrantDecision.Validate(a, c.Dossier.RequestedAmount, c.Campaign, StepFields.Amount));
            }
        }
        else if (c.Comment is null)
        {
            c.Errors.AddRange(RefusalDecision.Validate(c.Comment));
        }

        return new DecisionDetails { Amount = amount, CpDate = cpDate };
    }

    /// <summary>Changes asked of a bilan say which.</summary>
    public static DecisionDetails BilanValidation(StepCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Choice == JourneyDecisions.ChangesRequested)
        {
            c.RequireComment("Indiquez au porteur les compléments attendus sur son bilan.");
        }

        return new DecisionDetails();
    }
}
