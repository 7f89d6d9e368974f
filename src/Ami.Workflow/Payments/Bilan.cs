using System.Globalization;
using System.Text.Json;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Domain.Money;
using Ami.Domain.Validation;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Payments;

/// <summary>One line of the bilan: what was spent in an eligible expense category.</summary>
public sealed record BilanExpense(ExpenseCategory Category, Euros Amount);

/// <summary>
/// The first year's bilan (part <c>bilan</c> of <c>POST /api/dossiers/{id}/bilan</c>): expenses by category and a
/// summary. Its acceptance releases the last instalment.
/// </summary>
public sealed record BilanReport(IReadOnlyList<BilanExpense> Spent, string Summary)
{
    public const int MaxSummaryLength = 20000;
    public const int MaxLines = 100;

    /// <summary>Reads the JSON part, listing every problem (field paths as <c>spent[1].amount</c>).</summary>
    public static BilanReport? Parse(string? json, out IReadOnlyList<FieldError> errors)
    {
        var list = new List<FieldError>();
        errors = list;
        if (string.IsNullOrWhiteSpace(json))
        {
            list.Add(new FieldError("bilan", ErrorCodes.Required, "La partie « bilan » (JSON) est requise."));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            list.Add(new FieldError("bilan", ErrorCodes.InvalidJson, "La partie « bilan » n'est pas un JSON valide."));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                list.Add(new FieldError("bilan", ErrorCodes.InvalidType, "Le bilan est un objet JSON."));
                return null;
            }

            var spent = new List<BilanExpense>();
            if (!root.TryGetProperty("spent", out var lines) || lines.ValueKind != JsonValueKind.Array)
            {
                list.Add(new FieldError("spent", ErrorCodes.Required, "Indiquez les dépenses réalisées par catégorie (tableau « spent »)."));
            }
            else if (lines.GetArrayLength() > MaxLines)
            {
                list.Add(new FieldError("spent", ErrorCodes.TooLong, $"Au plus {MaxLines} lignes de dépenses."));
            }
            else
            {
                var i = 0;
                foreach (var line in lines.EnumerateArray())
                {
                    var at = string.Create(CultureInfo.InvariantCulture, $"spent[{i++}]");
                    if (line.ValueKind != JsonValueKind.Object)
                    {
                        list.Add(new FieldError(at, ErrorCodes.InvalidType, "Une ligne est un objet { category, amount }."));
                        continue;
                    }

                    var category = Category(line, at, list);
                    var amount = Amount(line, at, list);
                    if (category is { } c && amount is { } a)
                    {
                        spent.Add(new BilanExpense(c, a));
                    }
                }
            }

            string? summary = null;
            if (!root.TryGetProperty("summary", out var s) || s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()))
            {
                list.Add(new FieldError("summary", ErrorCodes.Required, "Rédigez une synthèse de la première année."));
            }
            else
            {
                summary = s.GetString()!.Trim();
                if (summary.Length > MaxSummaryLength)
                {
                    list.Add(new FieldError("summary", ErrorCodes.TooLong, $"La synthèse dépasse {MaxSummaryLength} caractères."));
                }
            }

            return list.Count == 0 ? new BilanReport(spent, summary!) : null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, AmiJson.Options);

    private static ExpenseCategory? Category(JsonElement line, string at, List<FieldError> errors)
    {
        if (!line.TryGetProperty("category", out var c) || c.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(at + ".category", ErrorCodes.Required, "Indiquez la catégorie de dépense."));
            return null;
        }

        try
        {
            return c.Deserialize<ExpenseCategory>(AmiJson.Options);
        }
        catch (JsonException)
        {
            errors.Add(new FieldError(at + ".category", ErrorCodes.InvalidValue, "Catégorie inconnue : research-equipment, research-studies, researchers, studies-analysis, travel, accommodation, meals ou staff-time."));
            return null;
        }
    }

    private static Euros? Amount(JsonElement line, string at, List<FieldError> errors)
    {
        if (!line.TryGetProperty("amount", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetDecimal(out var d))
        {
            errors.Add(new FieldError(at + ".amount", ErrorCodes.InvalidAmount, "Indiquez le montant dépensé en euros."));
            return null;
        }

        if (!Euros.TryFromDecimal(d, out var euros))
        {
            errors.Add(new FieldError(at + ".amount", ErrorCodes.InvalidAmount, "Un montant a au plus deux décimales."));
            return null;
        }

        if (euros.Cents < 0)
        {
            errors.Add(new FieldError(at + ".amount", ErrorCodes.MustBePositive, "Un montant dépensé ne peut pas être négatif."));
            return null;
        }

        return euros;
    }
}

/// <summary>Where bilans are kept: the report file and the JSON part, next to the dossier's files.</summary>
public interface IBilanStore
{
    /// <summary>Stores bilan <paramref name="number"/> (overwriting a half-done earlier attempt of the same number) and describes the report.</summary>
    Task<AttachmentInfo> SaveAsync(string campaignId, string dossierId, int number, string fileName, string contentType, Stream report, BilanReport bilan, CancellationToken cancellationToken);
}
