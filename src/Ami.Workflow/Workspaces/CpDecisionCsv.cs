using System.Globalization;
using System.Text;
using Ami.Domain.Validation;
using Ami.Workflow.Orchestrations;
using CsvHelper;

namespace Ami.Workflow.Workspaces;

/// <summary>
/// The decisions of a CP session as a CSV of the deliberation, read with CsvHelper: a header line, then one line per
/// dossier with the columns <c>reference</c>, <c>décision</c> (<c>accordé</c> or <c>refusé</c>), <c>montant</c> (in
/// euros, e.g. <c>28 333,33</c>; for a grant) and <c>motifs</c> (required for a refusal). Separator <c>;</c> or
/// <c>,</c> (detected), UTF-8 (a BOM is fine), headers in any case, with or without accents.
/// </summary>
public static class CpDecisionCsv
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The columns, in the order the tableau's CSV writes them.</summary>
    public static readonly IReadOnlyList<string> Columns = ["reference", "décision", "montant", "motifs"];

    /// <summary>The entries of the file (each with its line), or what prevents reading it at all.</summary>
    public static (IReadOnlyList<CpEntry> Entries, IReadOnlyList<string> Errors) Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return ([], ["Le fichier est vide."]);
        }

        if (content.Length > MaxBytes)
        {
            return ([], ["Le fichier dépasse 1 Mo."]);
        }

        try
        {
            using var csv = CsvReader.Create(content, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true, SkipEmptyLines = true, TrimWhitespace = true });
            var entries = new List<CpEntry>();
            int[]? at = null;
            while (csv.Read())
            {
                if (at is null)
                {
                    var headers = csv.Headers.Select(Normalise).ToList();
                    at = [.. Columns.Select(c => headers.IndexOf(Normalise(c)))];
                    var missing = Columns.Where((c, i) => at[i] < 0).ToList();
                    if (missing.Count > 0)
                    {
                        return ([], [$"Colonnes attendues sur la première ligne : {string.Join(" ; ", Columns)} (manquante{(missing.Count > 1 ? "s" : "")} : {string.Join(", ", missing)})."]);
                    }
                }

                string? Cell(int column) => at[column] < csv.FieldCount ? csv.GetString(at[column]) : null;
                entries.Add(new CpEntry((int)csv.LineNumber, Cell(0) ?? "", null, Decision(Cell(1)), Cell(2), Cell(3)));
            }

            return entries.Count == 0 ? ([], ["Le fichier ne contient aucune décision (une ligne d'en-tête, puis une ligne par dossier)."]) : (entries, []);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or DecoderFallbackException or InvalidOperationException)
        {
            return ([], ["Le fichier n'est pas un CSV lisible (UTF-8, séparateur point-virgule ou virgule)."]);
        }
    }

    /// <summary>The CSV's French word for a decision as the rules read it; an unknown word is kept (the rules refuse it, naming it).</summary>
    public static string? Decision(string? word) => Normalise(word ?? "") switch
    {
        "" => null,
        "accorde" or "accordee" or "attribue" or "attribuee" or "granted" => JourneyDecisions.Granted,
        "refuse" or "refusee" or "refused" => JourneyDecisions.Refused,
        _ => word!.Trim(),
    };

    /// <summary>The CSV's word for a decision code.</summary>
    public static string Word(string decision) => decision == JourneyDecisions.Granted ? "accordé" : decision == JourneyDecisions.Refused ? "refusé" : decision;

    /// <summary>Lower case, no accents, no surrounding spaces: « Décision » and « decision » are the same column.</summary>
    private static string Normalise(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// A rule's field as the session's page labels it (« Montant », not the file's column <c>montant</c>), for the
    /// errors of the file's lines; the page's help gives each label with its column.
    /// </summary>
    public static string LabelOf(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Field switch
        {
            "reference" => "Référence du dossier",
            "decision" => "Décision",
            "amount" or "proposedAmount" => "Montant",
            "comment" => "Motifs",
            "cpDate" => "Date de la séance",
            _ => "Décision",
        };
    }
}
