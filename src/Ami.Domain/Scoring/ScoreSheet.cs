using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Ami.Domain.Validation;

namespace Ami.Domain.Scoring;

/// <summary>
/// One juror's scores for one dossier: exactly the criteria of the dossier's <see cref="ScoringGrid"/> (Annex 1:
/// 12), each an integer from 0 to 3. Request JSON: <c>{ "beneficiaries": 2, "collective-diversity": 3, … }</c>.
/// </summary>
public sealed class ScoreSheet
{
    private readonly int[] levels;

    private ScoreSheet(ScoringGrid grid, int[] levels)
    {
        this.levels = levels;
        Grid = grid;
        Scores = grid.Keys.Select((key, i) => KeyValuePair.Create(key, levels[i])).ToDictionary();
    }

    /// <summary>The grid the sheet was scored on.</summary>
    public ScoringGrid Grid { get; }

    /// <summary>Level of each criterion, keyed as in the grid's <see cref="ScoringGrid.Keys"/>.</summary>
    public IReadOnlyDictionary<string, int> Scores { get; }

    /// <summary>Sum of the levels, out of the grid's <see cref="ScoringGrid.MaxTotal"/> (Annex 1: 36).</summary>
    public int Total => levels.Sum();

    public int this[string key] => Scores[key];

    /// <summary>Level of the criterion at <paramref name="index"/> in the Annex's order.</summary>
    public int LevelAt(int index) => levels[index];

    /// <summary>
    /// A sheet from <paramref name="scores"/>, or every problem at once: each missing criterion, each
    /// unknown key, each level outside 0–3 (field <c>scores.{key}</c>).
    /// </summary>
    public static bool TryCreate(
        ScoringGrid grid,
        IReadOnlyDictionary<string, int> scores,
        [NotNullWhen(true)] out ScoreSheet? sheet,
        out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(scores);
        return Build(grid, scores.Select(kv => (kv.Key, (int?)kv.Value)), out sheet, out errors);
    }

    /// <summary>
    /// As <see cref="TryCreate"/>, from the <c>scores</c> object of a request: each value must be a whole
    /// number (<c>2</c>, or <c>"2"</c> as an HTML form sends it); <c>2.5</c>, <c>"deux"</c> or <c>null</c>
    /// are reported as <c>not-an-integer</c>.
    /// </summary>
    public static bool TryParse(ScoringGrid grid, JsonElement scores, [NotNullWhen(true)] out ScoreSheet? sheet, out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (scores.ValueKind != JsonValueKind.Object)
        {
            sheet = null;
            errors = [new FieldError("scores", ErrorCodes.InvalidType, "Les notes sont un objet JSON : une note de 0 à 3 par critère.")];
            return false;
        }

        var entries = scores.EnumerateObject().Select(p => (p.Name, ReadInteger(p.Value)));
        return Build(grid, entries, out sheet, out errors);
    }

    /// <summary>As <see cref="TryCreate"/>, throwing <see cref="DomainException"/> on the first problem.</summary>
    public static ScoreSheet Create(ScoringGrid grid, IReadOnlyDictionary<string, int> scores) =>
        TryCreate(grid, scores, out var sheet, out var errors) ? sheet : throw new DomainException(errors[0].Code, errors[0].Message);

    private static int? ReadInteger(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var i) => i,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static bool Build(ScoringGrid grid, IEnumerable<(string Key, int? Level)> entries, [NotNullWhen(true)] out ScoreSheet? sheet, out IReadOnlyList<FieldError> errors)
    {
        var found = new int?[grid.Criteria.Count];
        var list = new List<FieldError>();
        foreach (var (key, level) in entries)
        {
            var field = "scores." + key;
            var index = IndexOf(grid, key);
            if (index < 0)
            {
                list.Add(new FieldError(field, ErrorCodes.UnknownCriterion, $"Critère inconnu : « {key} ». Les critères sont ceux de la grille de notation du dossier."));
                continue;
            }

            var label = grid.Criteria[index].Label;
            if (found[index] is not null || list.Exists(e => e.Field == field))
            {
                list.Add(new FieldError(field, ErrorCodes.DuplicateField, $"{label} : ce critère est noté deux fois."));
            }
            else if (level is not { } l)
            {
                list.Add(new FieldError(field, ErrorCodes.NotAnInteger, $"{label} : la note est un nombre entier de {ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel}."));
            }
            else if (l is < ScoringGrid.MinLevel or > ScoringGrid.MaxLevel)
            {
                list.Add(new FieldError(field, ErrorCodes.OutOfRange, $"{label} : la note va de {ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel} ({l} donné)."));
            }
            else
            {
                found[index] = l;
            }
        }

        for (var i = 0; i < found.Length; i++)
        {
            var key = grid.Criteria[i].Key;
            if (found[i] is null && !list.Exists(e => e.Field == "scores." + key))
            {
                list.Add(new FieldError("scores." + key, ErrorCodes.Required, $"{grid.Criteria[i].Label} : une note de {ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel} est obligatoire."));
            }
        }

        errors = list;
        sheet = list.Count == 0 ? new ScoreSheet(grid, [.. found.Select(l => l!.Value)]) : null;
        return sheet is not null;
    }

    private static int IndexOf(ScoringGrid grid, string key)
    {
        for (var i = 0; i < grid.Criteria.Count; i++)
        {
            if (string.Equals(grid.Criteria[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
