using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ami.Domain.Validation;

namespace Ami.Domain.Scoring;

/// <summary>
/// One juror's scores for one dossier: exactly the 12 criteria of <see cref="ScoringGrid"/>, each an
/// integer from 0 to 3. JSON: <c>{ "beneficiaries": 2, "collective-diversity": 3, … }</c>.
/// </summary>
[JsonConverter(typeof(ScoreSheetJsonConverter))]
public sealed class ScoreSheet
{
    private readonly int[] levels;

    private ScoreSheet(int[] levels)
    {
        this.levels = levels;
        Scores = ScoringGrid.Keys.Select((key, i) => KeyValuePair.Create(key, levels[i])).ToDictionary();
    }

    /// <summary>Level of each criterion, keyed as in <see cref="ScoringGrid.Keys"/>.</summary>
    public IReadOnlyDictionary<string, int> Scores { get; }

    /// <summary>Sum of the 12 levels, out of <see cref="ScoringGrid.MaxTotal"/> (36).</summary>
    public int Total => levels.Sum();

    public int this[string key] => Scores[key];

    /// <summary>Level of the criterion at <paramref name="index"/> in the Annex's order.</summary>
    public int LevelAt(int index) => levels[index];

    /// <summary>
    /// A sheet from <paramref name="scores"/>, or every problem at once: each missing criterion, each
    /// unknown key, each level outside 0–3 (field <c>scores.{key}</c>).
    /// </summary>
    public static bool TryCreate(
        IReadOnlyDictionary<string, int> scores,
        [NotNullWhen(true)] out ScoreSheet? sheet,
        out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Build(scores.Select(kv => (kv.Key, (int?)kv.Value)), out sheet, out errors);
    }

    /// <summary>
    /// As <see cref="TryCreate"/>, from the <c>scores</c> object of a request: each value must be a whole
    /// number (<c>2</c>, or <c>"2"</c> as an HTML form sends it); <c>2.5</c>, <c>"deux"</c> or <c>null</c>
    /// are reported as <c>not-an-integer</c>.
    /// </summary>
    public static bool TryParse(JsonElement scores, [NotNullWhen(true)] out ScoreSheet? sheet, out IReadOnlyList<FieldError> errors)
    {
        if (scores.ValueKind != JsonValueKind.Object)
        {
            sheet = null;
            errors = [new FieldError("scores", ErrorCodes.InvalidType, "Les notes sont un objet JSON : une note de 0 à 3 par critère.")];
            return false;
        }

        var entries = scores.EnumerateObject().Select(p => (p.Name, ReadInteger(p.Value)));
        return Build(entries, out sheet, out errors);
    }

    /// <summary>As <see cref="TryCreate"/>, throwing <see cref="DomainException"/> on the first problem.</summary>
    public static ScoreSheet Create(IReadOnlyDictionary<string, int> scores) =>
        TryCreate(scores, out var sheet, out var errors) ? sheet : throw new DomainException(errors[0].Code, errors[0].Message);

    private static int? ReadInteger(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var i) => i,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static bool Build(IEnumerable<(string Key, int? Level)> entries, [NotNullWhen(true)] out ScoreSheet? sheet, out IReadOnlyList<FieldError> errors)
    {
        var found = new int?[ScoringGrid.Criteria.Count];
        var list = new List<FieldError>();
        foreach (var (key, level) in entries)
        {
            var field = "scores." + key;
            var index = IndexOf(key);
            if (index < 0)
            {
                list.Add(new FieldError(field, ErrorCodes.UnknownCriterion, $"Critère inconnu : « {key} ». Les critères sont ceux de la grille de l'annexe 1."));
                continue;
            }

            var label = ScoringGrid.Criteria[index].Label;
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
            var key = ScoringGrid.Criteria[i].Key;
            if (found[i] is null && !list.Exists(e => e.Field == "scores." + key))
            {
                list.Add(new FieldError("scores." + key, ErrorCodes.Required, $"{ScoringGrid.Criteria[i].Label} : une note de {ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel} est obligatoire."));
            }
        }

        errors = list;
        sheet = list.Count == 0 ? new ScoreSheet([.. found.Select(l => l!.Value)]) : null;
        return sheet is not null;
    }

    private static int IndexOf(string key)
    {
        for (var i = 0; i < ScoringGrid.Criteria.Count; i++)
        {
            if (string.Equals(ScoringGrid.Criteria[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

public sealed class ScoreSheetJsonConverter : JsonConverter<ScoreSheet>
{
    public override ScoreSheet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ScoreSheet.TryParse(document.RootElement, out var sheet, out var errors)
            ? sheet
            : throw new JsonException(string.Join(" ", errors.Select(e => e.Message)));
    }

    public override void Write(Utf8JsonWriter writer, ScoreSheet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, level) in value.Scores)
        {
            writer.WriteNumber(key, level);
        }

        writer.WriteEndObject();
    }
}
