using System.Text.Json.Nodes;
using Ami.Domain.Validation;

namespace Ami.Domain.Campaigns;

/// <summary>
/// What a campaign change may touch while dossiers of the campaign are in flight (filed and not ended). A change
/// never alters a dossier past the decision it concerns: the rules a dossier was filed, checked, scored or granted
/// under stay as they were. Only the calendar, the people and the journey's waits may move:
/// <see cref="ChangeableInFlight"/>. Any other field (the cap, the split, the expense window, the grid, the
/// eligibility rules, the limits on files, the opening, the reference prefix, and any field added later) is
/// refused while a dossier is in flight.
/// </summary>
public static class CampaignChanges
{
    public const string InFlightCode = "campaign-in-flight";

    /// <summary>The JSON names of the fields that may change while dossiers are in flight.</summary>
    public static IReadOnlyList<string> ChangeableInFlight { get; } =
    [
        "title", "deadline", "contactEmail", "staff", "jurors", "juryPresident", "cpSecretariat", "finance",
        "bilanDueAfter", "juryDueAfterClose", "schedule",
    ];

    /// <summary>French names of the fields that are refused, for the messages.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["opensAt"] = "la date d'ouverture",
        ["referencePrefix"] = "le préfixe des références",
        ["maxGrant"] = "le plafond de l'aide",
        ["instalmentPercents"] = "la répartition des versements",
        ["maxDurationMonths"] = "la durée maximale des dépenses",
        ["eligibleDepartments"] = "les départements éligibles",
        ["attachments"] = "les limites des pièces jointes",
        ["grid"] = "la grille de notation du jury",
    };

    /// <summary>
    /// Every field of <paramref name="after"/> that differs from <paramref name="before"/> and may not change while
    /// dossiers are in flight, one error each (field, <see cref="InFlightCode"/>, a French message); empty when
    /// the change may be applied.
    /// </summary>
    public static IReadOnlyList<FieldError> RefusedInFlight(Campaign before, Campaign after, int dossiersInFlight)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = JsonNode.Parse(CampaignJson.Serialize(before))!.AsObject();
        var now = JsonNode.Parse(CampaignJson.Serialize(after))!.AsObject();
        var fields = old.Select(p => p.Key).Union(now.Select(p => p.Key), StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var field in fields)
        {
            if (ChangeableInFlight.Contains(field, StringComparer.Ordinal) || JsonNode.DeepEquals(old[field], now[field]))
            {
                continue;
            }

            var what = Names.TryGetValue(field, out var name) ? name : $"le champ « {field} »";
            errors.Add(new FieldError(
                field,
                InFlightCode,
                $"{char.ToUpperInvariant(what[0])}{what[1..]} ne peut pas changer tant que des dossiers de l'appel sont en cours ({dossiersInFlight} dossier{(dossiersInFlight > 1 ? "s" : "")}) : ils restent soumis aux règles sous lesquelles ils ont été déposés et décidés."));
        }

        return errors;
    }
}
