using Ami.Domain.Campaigns;
using Ami.Domain.Eligibility;
using Ami.Domain.Validation;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;

namespace Ami.Workflow.Actions;

/// <summary>
/// Checks the body of an action: the decision and comment here, then the step's own rule from
/// <see cref="StepCatalog"/> (scores on the dossier's grid, a grant within the cap and the amount requested),
/// listing every problem at once.
/// </summary>
public static class ActionDecisionRules
{
    /// <summary>The decision is not one the link offers (answered 400).</summary>
    public const string DecisionNotAllowed = "decision-not-allowed";

    public const int MaxCommentLength = TextLimits.Comment;

    /// <summary>
    /// Every problem of the decision; a value that could not be read (a string for an amount) is reported as such, and
    /// not also as missing or by the rules about that field.
    /// </summary>
    public static IReadOnlyList<FieldError> Check(
        ActionClaims claims,
        ActionBody body,
        DossierRecord dossier,
        Campaign campaign,
        DateTimeOffset now,
        out StepDecision? decision)
    {
        var errors = CheckAll(claims, body, dossier, campaign, now, out decision);
        var unreadable = body.ReadErrors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        return [.. body.ReadErrors, .. errors.Skip(body.ReadErrors.Count).Where(e => !unreadable.Contains(e.Field))];
    }

    private static List<FieldError> CheckAll(
        ActionClaims claims,
        ActionBody body,
        DossierRecord dossier,
        Campaign campaign,
        DateTimeOffset now,
        out StepDecision? decision)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(campaign);
        decision = null;
        var errors = new List<FieldError>(body.ReadErrors);
        var choice = body.Decision?.Trim();
        var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            errors.Add(new FieldError(StepFields.Comment, ErrorCodes.TooLong, $"Le commentaire dépasse {MaxCommentLength} caractères."));
        }

        if (string.IsNullOrEmpty(choice))
        {
            errors.Add(new FieldError(StepFields.Decision, ErrorCodes.Required, "Choisissez une décision."));
            return errors;
        }

        var step = StepCatalog.Of(claims.Step);
        if (!claims.Decisions.Contains(choice, StringComparer.Ordinal) || step is null || !step.Offers(choice))
        {
            errors.Add(new FieldError(StepFields.Decision, DecisionNotAllowed, $"« {choice} » n'est pas un choix de cette étape ({string.Join(", ", claims.Decisions)})."));
            return errors;
        }

        var check = new StepCheck(choice, comment, body, dossier, campaign, now);
        var details = step.Rule is { } rule ? rule(check) : new DecisionDetails();
        errors.AddRange(check.Errors);

        if (errors.Count == 0)
        {
            decision = new StepDecision(claims.DossierId, claims.Step, claims.Attempt, claims.Actor, choice, comment, details, now);
        }

        return errors;
    }
}
