using System.Globalization;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.Scoring;
using Ami.Domain.Validation;

namespace Ami.Workflow.Steps;

/// <summary>The names of the fields of a decision's body (form fields and JSON properties alike).</summary>
public static class StepFields
{
    public const string Decision = "decision";
    public const string Comment = "comment";
    public const string Audition = "audition";
    public const string AuditionAt = "auditionAt";
    public const string AuditionPlace = "auditionPlace";
    public const string Scores = "scores";
    public const string ProposedAmount = "proposedAmount";
    public const string Amount = "amount";
    public const string CpDate = "cpDate";
}

/// <summary>Reads a field of a decision's body, as written, into its value; a value that cannot be read adds its error.</summary>
internal static class StepFieldReaders
{
    internal static bool Flag(List<FieldError> errors, string field, string? raw)
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
    internal static DateTimeOffset? Instant(List<FieldError> errors, string field, string? raw)
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

    internal static DateOnly? Day(List<FieldError> errors, string field, string? raw)
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

    internal static Euros? Money(List<FieldError> errors, string field, string? raw, bool required)
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

    internal static IReadOnlyDictionary<string, int>? Scores(List<FieldError> errors, ScoringGrid grid, IReadOnlyDictionary<string, string>? raw)
    {
        if (raw is null || raw.Count == 0)
        {
            errors.Add(new FieldError(StepFields.Scores, ErrorCodes.Required, $"Notez chacun des {grid.Criteria.Count} critères de la grille ({ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel})."));
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
