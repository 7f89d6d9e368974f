using System.Globalization;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Decisions;
using Ami.Domain.Eligibility;
using Ami.Domain.Money;
using Ami.Domain.Scoring;
using Ami.Domain.Validation;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Actions;

/// <summary>
/// Checks the body of an action against its step (docs/api.md's table) and the call's rules (scores on
/// Annex 1's grid, a grant within the cap and the amount requested), listing every problem at once.
/// </summary>
public static class ActionDecisionRules
{
    /// <summary>The decision is not one the link offers (answered 400).</summary>
    public const string DecisionNotAllowed = "decision-not-allowed";

    public const int MaxCommentLength = TextLimits.Comment;
    public const int MaxPlaceLength = 300;

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
            errors.Add(new FieldError("comment", ErrorCodes.TooLong, $"Le commentaire dépasse {MaxCommentLength} caractères."));
        }

        if (string.IsNullOrEmpty(choice))
        {
            errors.Add(new FieldError("decision", ErrorCodes.Required, "Choisissez une décision."));
            return errors;
        }

        if (!claims.Decisions.Contains(choice, StringComparer.Ordinal) || !JourneyDecisions.For(claims.Step).Contains(choice, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("decision", DecisionNotAllowed, $"« {choice} » n'est pas un choix de cette étape ({string.Join(", ", claims.Decisions)})."));
            return errors;
        }

        var details = new DecisionDetails();
        switch (claims.Step)
        {
            case JourneySteps.Validation:
                if (choice != JourneyDecisions.Eligible)
                {
                    RequireComment(errors, comment, "Indiquez au porteur la raison de cette décision ou les modifications attendues.");
                }

                var audition = Flag(errors, "audition", body.Audition);
                if (choice == JourneyDecisions.Eligible && audition)
                {
                    var at = Instant(errors, "auditionAt", body.AuditionAt);
                    if (at is { } when && when <= now)
                    {
                        errors.Add(new FieldError("auditionAt", ErrorCodes.OutOfRange, "L'audition doit avoir lieu dans le futur."));
                    }

                    var place = body.AuditionPlace?.Trim();
                    if (string.IsNullOrEmpty(place))
                    {
                        errors.Add(new FieldError("auditionPlace", ErrorCodes.Required, "Indiquez le lieu de l'audition."));
                    }
                    else if (place.Length > MaxPlaceLength)
                    {
                        errors.Add(new FieldError("auditionPlace", ErrorCodes.TooLong, $"Le lieu dépasse {MaxPlaceLength} caractères."));
                    }

                    details = details with { Audition = true, AuditionAt = at, AuditionPlace = place };
                }
                else
                {
                    details = details with { Audition = false };
                }

                break;

            case JourneySteps.JuryScore when choice == JourneyDecisions.Scored:
                details = details with { Scores = Scores(errors, dossier.JuryGrid, body.Scores) };
                break;

            case JourneySteps.JuryOpinion:
            {
                RequireComment(errors, comment, "Rédigez les conclusions du jury : elles sont transmises au porteur.");
                var proposed = Money(errors, "proposedAmount", body.ProposedAmount, required: true);
                if (proposed is { } p && choice == JourneyDecisions.Favourable)
                {
                    errors.AddRange(Grant(p, dossier, campaign, "proposedAmount"));
                }

                details = details with { ProposedAmount = proposed };
                break;
            }

            case JourneySteps.CpDecision:
            {
                var cpDate = Day(errors, "cpDate", body.CpDate);
                Euros? amount = null;
                if (choice == JourneyDecisions.Granted)
                {
                    amount = Money(errors, "amount", body.Amount, required: true);
                    if (amount is { } a)
                    {
                        errors.AddRange(Grant(a, dossier, campaign, "amount"));
                    }
                }
                else if (comment is null)
                {
                    errors.AddRange(RefusalDecision.Validate(comment));
                }

                details = details with { Amount = amount, CpDate = cpDate };
                break;
            }

            case JourneySteps.BilanValidation when choice == JourneyDecisions.ChangesRequested:
                RequireComment(errors, comment, "Indiquez au porteur les compléments attendus sur son bilan.");
                break;
        }

        if (errors.Count == 0)
        {
            decision = new StepDecision(claims.DossierId, claims.Step, claims.Attempt, claims.Actor, choice, comment, details, now);
        }

        return errors;
    }

    private static void RequireComment(List<FieldError> errors, string? comment, string message)
    {
        if (comment is null)
        {
            errors.Add(new FieldError("comment", ErrorCodes.ReasonRequired, message));
        }
    }

    private static bool Flag(List<FieldError> errors, string field, string? raw)
    {
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0" or "off" or "non":
                return false;
            case "true" or "1" or "on" or "oui":
                return true;
            default:
                errors.Add(new FieldError(field, ErrorCodes.InvalidValue, "Valeur attendue : true ou false."));
                return false;
        }
    }

    /// <summary>An instant with an offset, or a local date and time (a form's datetime-local) in Paris time.</summary>
    private static DateTimeOffset? Instant(List<FieldError> errors, string field, string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new FieldError(field, ErrorCodes.Required, "Indiquez la date et l'heure."));
            return null;
        }

        var hasOffset = text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        if (!hasOffset && DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return ParisTime.FromLocal(local);
        }

        errors.Add(new FieldError(field, ErrorCodes.InvalidDateTime, "Date et heure attendues (2015-09-10T14:00)."));
        return null;
    }

    private static DateOnly? Day(List<FieldError> errors, string field, string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(new FieldError(field, ErrorCodes.Required, "Indiquez la date de la Commission permanente."));
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(new FieldError(field, ErrorCodes.InvalidDate, "Date attendue au format AAAA-MM-JJ."));
        return null;
    }

    private static Euros? Money(List<FieldError> errors, string field, string? raw, bool required)
    {
        var text = raw?.Trim().Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add(new FieldError(field, ErrorCodes.Required, "Indiquez un montant en euros."));
            }

            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || !Euros.TryFromDecimal(value, out var euros))
        {
            errors.Add(new FieldError(field, ErrorCodes.InvalidAmount, "Montant en euros attendu, au plus deux décimales."));
            return null;
        }

        if (euros.Cents < 0)
        {
            errors.Add(new FieldError(field, ErrorCodes.MustBePositive, "Le montant ne peut pas être négatif."));
            return null;
        }

        return euros;
    }

    private static IReadOnlyList<FieldError> Grant(Euros amount, DossierRecord dossier, Campaign campaign, string field) =>
        GrantDecision.Validate(amount, dossier.RequestedAmount, campaign, field);

    private static IReadOnlyDictionary<string, int>? Scores(List<FieldError> errors, ScoringGrid grid, IReadOnlyDictionary<string, string>? raw)
    {
        if (raw is null || raw.Count == 0)
        {
            errors.Add(new FieldError("scores", ErrorCodes.Required, $"Notez chacun des {grid.Criteria.Count} critères de la grille ({ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel})."));
            return null;
        }

        // The domain reads the scores as a request's "scores" object (numbers, or digits as a form sends them).
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(raw));
        if (ScoreSheet.TryParse(grid, document.RootElement, out var sheet, out var sheetErrors))
        {
            return sheet.Scores;
        }

        errors.AddRange(sheetErrors);
        return null;
    }
}
