namespace Ami.Domain.Scoring;

/// <summary>One row of Annex 1: a key (docs/api.md), the French label and the meaning of levels 0 to 3.</summary>
public sealed record Criterion(string Key, string Label, IReadOnlyList<string> Levels);

/// <summary>
/// Annex 1 of the call, "Grille de lecture / évaluation des actions pour le jury": 12 criteria, each
/// scored 0 to 3, in the Annex's order. Labels and level descriptions are the Annex's words, copied as
/// written (jurors read them on the scoring page); only the spaces at the ends of cells were dropped.
/// </summary>
public static class ScoringGrid
{
    public const int MinLevel = 0;

    public const int MaxLevel = 3;

    public static IReadOnlyList<Criterion> Criteria { get; } =
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
    ];

    /// <summary>The 12 keys, in the Annex's order.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. Criteria.Select(c => c.Key)];

    /// <summary>The highest possible total: 12 criteria × 3 = 36.</summary>
    public static int MaxTotal { get; } = Criteria.Count * MaxLevel;

    public static Criterion? Find(string key) => Criteria.FirstOrDefault(c => c.Key == key);
}
