using System.Globalization;
using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages;

/// <summary>
/// The "Déposer un dossier" form: its fields are named after the dossier JSON's paths (<c>holder.address.postalCode</c>,
/// <c>partners[0].role</c>), so that the intake's field errors come back next to the field they name. Empty rows of
/// the repeatable groups are dropped; the page always offers one more empty row (no JavaScript needed).
/// </summary>
public sealed class FilingForm
{
    public static readonly (string Value, string Label)[] HolderTypes =
    [
        ("association", "Association"), ("company", "Entreprise (quel que soit son statut)"), ("public-body", "Collectivité territoriale, EPCI ou autre établissement public"),
        ("union", "Organisation syndicale ou professionnelle"), ("user-collective", "Collectif d'usagers"),
    ];

    public static readonly (string Value, string Label)[] Categories =
    [
        ("services-products", "Nouveaux services ou produits"), ("organisational", "Innovation organisationnelle"),
        ("territorial", "Innovation territoriale"), ("research", "Recherche en innovation sociale"),
    ];

    public static readonly (string Value, string Label)[] Stages =
    [
        ("seeding", "Amorçage"), ("development", "Développement"), ("swarming", "Essaimage"), ("scaling", "Changement d'échelle"),
    ];

    public static readonly (string Value, string Label)[] ExpenseCategories =
    [
        ("research-equipment", "Matériel de recherche"), ("research-studies", "Études de recherche"), ("researchers", "Chercheurs"),
        ("studies-analysis", "Études et analyses"), ("travel", "Déplacements"), ("accommodation", "Hébergement"), ("meals", "Restauration"),
        ("staff-time", "Temps de personnel"),
    ];

    /// <summary>Single fields, in the order of the call's sections (path, label, kind: text, textarea, email, tel, date, number, money).</summary>
    public static readonly (string Path, string Label, string Kind)[] HolderFields =
    [
        ("holder.name", "Nom de la structure", "text"), ("holder.siret", "Numéro SIRET (14 chiffres)", "text"),
        ("holder.address.street", "Adresse (numéro et voie)", "text"), ("holder.address.postalCode", "Code postal", "text"), ("holder.address.city", "Commune", "text"),
        ("holder.history", "Historique de la structure", "textarea"), ("holder.description", "Description de la structure (statut, effectifs, gouvernance)", "textarea"),
        ("holder.members", "Membres", "textarea"), ("holder.beneficiaries", "Bénéficiaires de la structure", "textarea"),
    ];

    public static readonly (string Path, string Label, string Kind)[] ContactFields =
    [
        ("contact.name", "Nom de la personne à contacter", "text"), ("contact.email", "Adresse électronique (le lien personnel y sera envoyé)", "email"), ("contact.phone", "Téléphone", "tel"),
    ];

    public static readonly (string Path, string Label, string Kind)[] ActionFields =
    [
        ("action.title", "Titre de l'action", "text"), ("action.summary", "Résumé de l'action", "textarea"), ("action.history", "Historique de l'action", "textarea"),
        ("action.objectives", "Objectifs", "textarea"), ("action.targetAudiences", "Publics visés", "textarea"),
        ("action.means.governance", "Gouvernance", "textarea"), ("action.means.communication", "Communication", "textarea"),
        ("action.means.humanResources", "Moyens humains", "textarea"), ("action.means.financialResources", "Moyens financiers", "textarea"),
        ("action.plannedStart", "Date de démarrage prévue", "date"), ("action.durationMonths", "Durée de l'action (en mois, 12 au plus)", "number"),
        ("action.researchMission", "Mission confiée à la recherche", "textarea"), ("action.evaluationMethod", "Méthode d'évaluation", "textarea"),
        ("territorialProject", "Inscription dans un projet de territoire", "textarea"),
    ];

    public static readonly string[] PartnerColumns = ["name", "nature", "role"];
    public static readonly string[] ExpenseColumns = ["category", "label", "amount"];
    public static readonly string[] IncomeColumns = ["source", "amount"];

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Errors by field path (or group path: <c>partners</c>, <c>budget.expenses</c>, a file kind).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Errors that name no field of the form (shown in the summary only).</summary>
    public List<string> OtherErrors { get; } = [];

    public required Campaign Campaign { get; init; }

    /// <summary>The idempotency key of this form: a second send of the same form answers the first dossier.</summary>
    public required string RequestKey { get; set; }

    /// <summary>Whether files were sent with a refused form (the page then asks for them again).</summary>
    public bool FilesToChooseAgain { get; set; }

    /// <summary>What the form does: file a new dossier, or answer a change request on a filed one.</summary>
    public FilingFormMode Mode { get; init; } = FilingFormMode.Filing;

    /// <summary>Where the form posts (<c>/deposer/{campaignId}</c> unless another mode says otherwise).</summary>
    public string? Action { get; init; }

    /// <summary>The dossier's reference, when it answers a change request.</summary>
    public string? Reference { get; init; }

    /// <summary>The staff's request, when the form answers it.</summary>
    public string? StaffRequest { get; init; }

    /// <summary>The files already filed (kept unless files of the same kind are chosen), when the form answers a change request.</summary>
    public IReadOnlyList<KeptFile> KeptFiles { get; init; } = [];

    /// <summary>The personal draft link's token, when the form was opened from a draft (saving updates that draft, filing marks it filed).</summary>
    public string? DraftToken { get; set; }

    /// <summary>Whether the errors shown are those of saving a draft (not of filing).</summary>
    public bool SavingDraft { get; set; }

    /// <summary>Form fields that are not the dossier's: the form's key, its draft, the button pressed.</summary>
    public static readonly string[] ControlFields = ["requestKey", "draft", "intent"];

    public string PostTo => Action ?? "/deposer/" + Uri.EscapeDataString(Campaign.Id);

    public string Value(string path) => Values.TryGetValue(path, out var v) ? v : "";

    /// <summary>
    /// The form prefilled with a filed dossier (its JSON, as <see cref="ToDossierJson"/> makes it): every value under
    /// its path, amounts written the French way.
    /// </summary>
    public void Prefill(JsonNode? dossier)
    {
        Flatten(dossier, "");
    }

    private void Flatten(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    Flatten(child, path.Length == 0 ? key : path + "." + key);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count && i < 50; i++)
                {
                    Flatten(a[i], $"{path}[{i}]");
                }

                break;
            case JsonValue v when v.TryGetValue<decimal>(out var number) && path.EndsWith("mount", StringComparison.Ordinal):
                Values[path] = number.ToString("#,##0.00", FrenchNumbers);
                break;
            case JsonValue v:
                Values[path] = v.TryGetValue<string>(out var text) ? text : v.ToJsonString();
                break;
        }
    }

    private static readonly NumberFormatInfo FrenchNumbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "," };

    public int Rows(string group, int minimum) =>
        Math.Max(minimum, Enumerable.Range(0, 50).LastOrDefault(i => Values.Keys.Any(k => k.StartsWith($"{group}[{i}].", StringComparison.Ordinal)), -1) + 2);

    /// <summary>The HTML id of a field path: <c>holder.address.postalCode</c> → <c>holder-address-postalCode</c>.</summary>
    public static string Id(string path) => path.Replace("].", "-", StringComparison.Ordinal).Replace('[', '-').Replace(']', '-').Replace('.', '-').TrimEnd('-');

    public static FilingForm FromPost(IFormCollection form, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(form);
        var f = new FilingForm
        {
            Campaign = campaign,
            RequestKey = form["requestKey"].ToString() is { Length: > 0 and <= 100 } k ? k : Guid.NewGuid().ToString("N"),
            DraftToken = form["draft"].ToString() is { Length: > 0 and <= 512 } d ? d : null,
        };
        foreach (var (key, value) in form)
        {
            if (!ControlFields.Contains(key) && key.Length <= 100)
            {
                f.Values[key] = value.ToString();
            }
        }

        f.FilesToChooseAgain = form.Files.Any(file => file.Length > 0);
        return f;
    }

    /// <summary>The dossier JSON of API-CONTRACT.md from the typed values; amounts typed the French way become numbers.</summary>
    public JsonObject ToDossierJson()
    {
        var root = new JsonObject();
        foreach (var (path, _, kind) in HolderFields.Concat(ContactFields).Concat(ActionFields).Append(("holder.type", "", "text")).Append(("action.category", "", "text")).Append(("action.stage", "", "text")).Append(("budget.requestedAmount", "", "money")))
        {
            var value = Value(path).Trim();
            if (value.Length > 0)
            {
                Set(root, path.Split('.'), kind is "money" ? Amount(value) : kind is "number" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value));
            }
        }

        var budget = root["budget"] as JsonObject ?? new JsonObject();
        root["budget"] = budget;
        root["partners"] = Lines("partners", PartnerColumns, []);
        budget["expenses"] = Lines("budget.expenses", ExpenseColumns, ["amount"]);
        budget["income"] = Lines("budget.income", IncomeColumns, ["amount"]);
        return root;
    }

    private JsonArray Lines(string group, string[] columns, string[] amounts)
    {
        var lines = new JsonArray();
        for (var i = 0; i < 50; i++)
        {
            var line = new JsonObject();
            foreach (var c in columns)
            {
                var v = Value($"{group}[{i}].{c}").Trim();
                if (v.Length > 0)
                {
                    line[c] = amounts.Contains(c) ? Amount(v) : JsonValue.Create(v);
                }
            }

            if (line.Count > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>"12 000,50" → 12000.50; anything else is sent as typed, and the intake says what is wrong with it.</summary>
    private static JsonNode? Amount(string typed) =>
        FrenchAmount.TryParse(typed, out var d) ? JsonValue.Create(d) : JsonValue.Create(typed);

    private static void Set(JsonObject root, string[] parts, JsonNode? value)
    {
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }

    /// <summary>
    /// Files the intake's field error under the form's field (or group) it names: <c>partners[0].role</c> as such,
    /// <c>annex[1]</c> under <c>annex</c>, <c>budget.expenses[2]</c> under the group; others in the summary only.
    /// </summary>
    public void AddError(string field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        var known = HolderFields.Concat(ContactFields).Concat(ActionFields).Select(f => f.Path)
            .Concat(["holder.type", "action.category", "action.stage", "budget.requestedAmount", "partners", "budget.expenses", "budget.income", "statutes", "annual-accounts", "annex"]);
        var key = field.StartsWith("annex", StringComparison.Ordinal) ? "annex" : field;
        if (System.Text.RegularExpressions.Regex.IsMatch(key, @"^(partners|budget\.expenses|budget\.income)\[\d+\]\.[a-zA-Z]+$") || known.Contains(key))
        {
            Errors.TryAdd(key, message);
        }
        else if (System.Text.RegularExpressions.Regex.Match(key, @"^(partners|budget\.expenses|budget\.income)") is { Success: true } group)
        {
            Errors.TryAdd(group.Value, message);
        }
        else
        {
            OtherErrors.Add(message);
        }
    }
}

/// <summary>An amount typed the French way: "12 000,50", "12000.50 €".</summary>
public static class FrenchAmount
{
    public static bool TryParse(string typed, out decimal amount)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var compact = typed.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        return decimal.TryParse(compact, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }
}

/// <summary>What a <see cref="FilingForm"/> is for.</summary>
public enum FilingFormMode
{
    /// <summary>"Déposer un dossier".</summary>
    Filing,

    /// <summary>Answering the staff's change request on a filed dossier ("Compléter mon dossier").</summary>
    Changes,
}

/// <summary>A file already filed, shown on the change-request form; <paramref name="Href"/> downloads it (short-lived).</summary>
public sealed record KeptFile(string Kind, string Name, long Size, string? Href);
