using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ami.Domain.Validation;

namespace Ami.Domain.Scoring;

/// <summary>One row of Annex 1: a key (docs/api.md), the French label and the meaning of levels 0 to 3.</summary>
public sealed record Criterion(string Key, string Label, IReadOnlyList<string> Levels);

/// <summary>
/// A campaign's reading grid for the jury: criteria in order, each scored <see cref="MinLevel"/> to
/// <see cref="MaxLevel"/>. It is campaign data (<c>grid</c>), and a dossier keeps the grid its jury opened with
/// (<c>DossierRecord.Grid</c>), so a later change of the campaign's grid never touches a jury in progress.
/// JSON: <c>[{ "key": "beneficiaries", "label": "Place des bénéficiaires", "levels": ["…", "…", "…", "…"] }, …]</c>.
/// </summary>
[JsonConverter(typeof(ScoringGridJsonConverter))]
public sealed class ScoringGrid : IEquatable<ScoringGrid>
{
    public const int MinLevel = 0;

    public const int MaxLevel = 3;

    /// <summary>At most this many criteria (the Annex has 12).</summary>
    public const int MaxCriteria = 40;

    public const int MaxLabelLength = 200;

    public const int MaxLevelLength = 1000;

    public ScoringGrid(IReadOnlyList<Criterion> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        Criteria = [.. criteria];
        Keys = [.. Criteria.Select(c => c.Key)];
        MaxTotal = Criteria.Count * MaxLevel;
    }

    public IReadOnlyList<Criterion> Criteria { get; }

    /// <summary>The keys, in the grid's order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The highest possible total: criteria × 3 (Annex 1: 12 × 3 = 36).</summary>
    public int MaxTotal { get; }

    public Criterion? Find(string key) => Criteria.FirstOrDefault(c => c.Key == key);

    /// <summary>
    /// Every problem of a grid, fields under <paramref name="path"/> (<c>grid[3].levels</c>): at least one
    /// criterion, keys in kebab-case and unique, a label, exactly four level descriptions (0 to 3).
    /// </summary>
    public static IReadOnlyList<FieldError> Check(IReadOnlyList<Criterion?>? criteria, string path = "grid")
    {
        var errors = new List<FieldError>();
        if (criteria is null || criteria.Count == 0)
        {
            errors.Add(new FieldError(path, ErrorCodes.Required, "La grille de notation du jury a au moins un critère."));
            return errors;
        }

        if (criteria.Count > MaxCriteria)
        {
            errors.Add(new FieldError(path, ErrorCodes.TooLong, $"La grille de notation a au plus {MaxCriteria} critères."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < criteria.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (criteria[i] is not { } c)
            {
                errors.Add(new FieldError(at, ErrorCodes.InvalidType, "Un critère est un objet { key, label, levels }."));
                continue;
            }

            if (string.IsNullOrEmpty(c.Key) || c.Key.Length > 60 || !c.Key.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || c.Key[0] == '-' || c.Key[^1] == '-')
            {
                errors.Add(new FieldError(at + ".key", ErrorCodes.InvalidValue, "La clé d'un critère est en minuscules, chiffres et tirets (ex. « beneficiaries »), 60 caractères au plus."));
            }
            else if (!seen.Add(c.Key))
            {
                errors.Add(new FieldError(at + ".key", ErrorCodes.DuplicateField, $"Le critère « {c.Key} » figure deux fois dans la grille."));
            }

            if (string.IsNullOrWhiteSpace(c.Label))
            {
                errors.Add(new FieldError(at + ".label", ErrorCodes.Required, "Donnez l'intitulé du critère, en français."));
            }
            else if (c.Label.Length > MaxLabelLength)
            {
                errors.Add(new FieldError(at + ".label", ErrorCodes.TooLong, $"L'intitulé d'un critère fait au plus {MaxLabelLength} caractères."));
            }

            if (c.Levels is null || c.Levels.Count != MaxLevel - MinLevel + 1)
            {
                errors.Add(new FieldError(at + ".levels", ErrorCodes.InvalidValue, $"Décrivez chacun des {MaxLevel - MinLevel + 1} niveaux, de {MinLevel} à {MaxLevel}."));
            }
            else if (c.Levels.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > MaxLevelLength))
            {
                errors.Add(new FieldError(at + ".levels", ErrorCodes.InvalidValue, $"Chaque niveau a une description de 1 à {MaxLevelLength} caractères."));
            }
        }

        return errors;
    }

    public bool Equals(ScoringGrid? other) =>
        other is not null && Criteria.Count == other.Criteria.Count
        && Criteria.Zip(other.Criteria).All(p => p.First.Key == p.Second.Key && p.First.Label == p.Second.Label && p.First.Levels.SequenceEqual(p.Second.Levels));

    public override bool Equals(object? obj) => Equals(obj as ScoringGrid);

    public override int GetHashCode() => string.Join("|", Keys).GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// Annex 1 of the 2015 call, "Grille de lecture / évaluation des actions pour le jury": 12 criteria, each
    /// scored 0 to 3, in the Annex's order. Labels and level descriptions are the Annex's words, copied as
    /// written (jurors read them on the scoring page); only the spaces at the ends of cells were dropped. It is
    /// <c>campaigns/ami-is-2015.json</c>'s grid, the grid of a campaign posted without one, and the grid of every
    /// dossier whose jury opened before grids were frozen on dossiers (they were all scored on it).
    /// </summary>
    public static ScoringGrid Annex1 { get; } = new(
    [
        new("beneficiaries", "Place des bénéficiaires", [
            "Pas associés à la démarche",
            "Peu associés à la démarche de construction et de mise en œuvre",
            "Associés dès le départ (identification, co-construction de la réponse, de l’action).",
            "Ils sont à l’origine (ou en partie à l’origine) de la démarche et co élaborent la mise en œuvre.",
        ]),
        new("collective-diversity", "Nature du collectif", [
            "Peu de mixité du collectif.",
            "La richesse du collectif est faiblement présente.",
            "La pluralité du collectif est assez bien prise en compte, assez présente dans le projet.",
            "Prise en compte de la pluralité du collectif\u00a0: public et privé, genre, âges… en tant que diversité pertinente pour la démarche.",
        ]),
        new("collective-involvement", "Intervention du collectif", [
            "Le collectif est peu présent dans les étapes de la démarche.",
            "Le collectif est présent à certaines étapes uniquement, son rôle dans la démarche n’est pas bien défini.",
            "La présence du collectif est réelle mais pas forcément très bien formalisée.",
            "Le collectif est présent et actif à chaque étape identifiée du projet, y compris dans la démarche de diffusion, de faire- savoir, de transfert.",
        ]),
        new("research", "Place de la recherche", [
            "Aucune recherche n’a été ou n’est envisagée dans le déroulé du projet.",
            "Intention mais pas de réflexion très formalisée sur la question.",
            "Le projet a ou va intégrer une démarche de type recherche, qu’il est capable de formaliser.",
            "Le projet intègre la démarche de la recherche\u00a0: expérimentation / évaluation / adaptation, et des chercheurs.",
        ]),
        new("territorial-roots", "Ancrage territorial", [
            "Quasi absent\u00a0: la démarche est déconnectée des acteurs locaux.",
            "La démarche a pris en compte certaines aspirations / spécificités locales.",
            "Le projet comprend des acteurs locaux privés et publics.",
            "Démarche très fortement adaptée aux attentes, besoins, aspirations du territoire, et qui fait appel aux acteurs locaux concernés.",
        ]),
        new("governance", "Gouvernance", [
            "Inexistante / pas prévue.",
            "Faible rythme des rencontres, faible implication des acteurs.",
            "Nombreuses réunions impliquant les parties prenantes.",
            "Rythme de rencontres soutenu, connu à l’avance, permettant de rassembler une multitude d’acteurs.",
        ]),
        new("resources", "Ressources, économie du projet", [
            "La viabilité du projet n’est pas envisagée.",
            "Faibles ressources. Viabilité du projet pas évidente.",
            "Les ressources existent mais ne garantissent pas une viabilité à 3 ans.",
            "Le projet présente une économie viable : le coût est bien évalué, les porteurs présentent une capacité financière.",
        ]),
        new("accessibility", "Logique d’accessibilité", [
            "Le projet ne mentionne pas le sujet.",
            "Le projet a ou va s’appuyer sur quelques éléments relatifs à l’accessibilité.",
            "Prise en compte assez grande d’éléments relatifs à l’accessibilité.",
            "Le projet s’appuie déjà et compte développer le recours aux TIC, à la dématérialisation, la mobilité durable, etc.",
        ]),
        new("services", "Logique de service", [
            "Les services apportés par le projet ne ressortent pas de sa description.",
            "La démarche peut apporter des services ou susciter d’autres innovations.",
            "Services identifiés et espérés de la réalisation du projet.",
            "Le projet apporte de nombreux services\u00a0: améliore la qualité de vie,  suscite d’autres innovations, services de proximité.",
        ]),
        new("disruption", "Rupture avec l’existant", [
            "La continuité avec l’existant est réelle.",
            "La rupture avec l’existant est réelle mais n’est pas très marquée.",
            "La recherche de solutions inédites est marquée.",
            "Le projet apporte à l’évidence une rupture avec l’existant, dans la solution apportée ou dans les méthodes utilisées.",
        ]),
        new("social-change", "Capacité de changement social", [
            "Pas de changement social",
            "Faible impact sur le changement social",
            "Modifications des usages ou des représentations",
            "Modifications des usages et des représentations. Formations de nouveaux acteurs envisagées par les porteurs.",
        ]),
        new("environment", "Facteurs environnementaux", [
            "Pas de prise en compte malgré des impacts envisageables",
            "Prise en compte partielle et sommaire",
            "Analyse réelle",
            "Forte prise en compte, diagnostic et préconisations",
        ]),
    ]);
}

public sealed class ScoringGridJsonConverter : JsonConverter<ScoringGrid>
{
    public override ScoringGrid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var criteria = JsonSerializer.Deserialize<List<Criterion?>>(ref reader, options);
        var errors = ScoringGrid.Check(criteria);
        return errors.Count == 0
            ? new ScoringGrid(criteria!.Select(c => c!).ToList())
            : throw new JsonException(string.Join(" ", errors.Select(e => $"{e.Field} : {e.Message}")));
    }

    public override void Write(Utf8JsonWriter writer, ScoringGrid value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        JsonSerializer.Serialize(writer, value.Criteria, options);
    }
}
