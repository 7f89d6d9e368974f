using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Eligibility;

/// <summary>
/// The conditions of the call (§2–§5) checked on a filed dossier. Every violation is returned, each with
/// the path of its field, a stable code and a French message, so that the holder can fix everything at
/// once. An empty list means the dossier is complete and eligible as far as rules can tell; the
/// services still judge its substance.
/// </summary>
public static class EligibilityRules
{
    public static IReadOnlyList<FieldError> Check(DossierSubmission dossier, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(campaign);
        var e = new Collector();

        CheckHolder(dossier.Holder ?? new Holder(), campaign, e);
        CheckContact(dossier.Contact ?? new Contact(), e);
        CheckAction(dossier.Action ?? new ActionPlan(), campaign, e);
        CheckBudget(dossier.Budget ?? new Budget(), campaign, e);
        CheckPartners(dossier.Partners, e);
        e.Text("territorialProject", "Inscription dans un projet territorial", dossier.TerritorialProject, TextLimits.Section, required: false);
        return e.Errors;
    }

    private static void CheckHolder(Holder holder, Campaign campaign, Collector e)
    {
        e.Text("holder.name", "Nom du porteur", holder.Name, TextLimits.Name);
        e.Enum("holder.type", "Statut du porteur", holder.Type);

        if (!string.IsNullOrWhiteSpace(holder.Siret) && !Siret.IsValid(holder.Siret))
        {
            e.Add("holder.siret", ErrorCodes.InvalidSiret, "Numéro SIRET invalide : 14 chiffres dont le dernier est une clé de contrôle (vérifiez la saisie).");
        }

        var address = holder.Address ?? new PostalAddress();
        e.Text("holder.address.street", "Adresse du porteur", address.Street, TextLimits.Short, required: false);
        CheckEstablishedInRegion(address.PostalCode, campaign, e);
        e.Text("holder.address.city", "Commune du porteur", address.City, TextLimits.Short);

        e.Text("holder.history", "Historique du porteur", holder.History, TextLimits.Section);
        e.Text("holder.description", "Description de la structure", holder.Description, TextLimits.Section);
        e.Text("holder.members", "Actionnaires ou adhérents", holder.Members, TextLimits.Section, required: false);
        e.Text("holder.beneficiaries", "Bénéficiaires", holder.Beneficiaries, TextLimits.Section, required: false);
    }

    /// <summary>§2: "Le porteur de l'action […] devra être établi en Aquitaine" (the campaign's departments).</summary>
    private static void CheckEstablishedInRegion(string? postalCode, Campaign campaign, Collector e)
    {
        const string field = "holder.address.postalCode";
        if (string.IsNullOrWhiteSpace(postalCode))
        {
            e.Required(field, "Code postal du porteur");
            return;
        }

        var department = FrenchPostalCodes.DepartmentOf(postalCode);
        if (department is null)
        {
            e.Add(field, ErrorCodes.InvalidPostalCode, $"Code postal invalide : « {postalCode.Trim()} » (cinq chiffres, par exemple 33000).");
        }
        else if (!campaign.EligibleDepartments.Contains(department, StringComparer.Ordinal))
        {
            var where = department == FrenchPostalCodes.Monaco ? "à Monaco" : $"au département {department}";
            e.Add(field, ErrorCodes.NotInRegion, $"Le porteur doit être établi dans la région (départements {string.Join(", ", campaign.EligibleDepartments)}) ; le code postal {postalCode.Trim()} correspond {where}.");
        }
    }

    private static void CheckContact(Contact contact, Collector e)
    {
        e.Text("contact.name", "Nom du contact", contact.Name, TextLimits.Name);
        if (string.IsNullOrWhiteSpace(contact.Email))
        {
            e.Required("contact.email", "Adresse électronique du contact");
        }
        else if (!EmailAddresses.IsValid(contact.Email.Trim()))
        {
            e.Add("contact.email", ErrorCodes.InvalidEmail, $"Adresse électronique invalide : « {contact.Email.Trim()} ».");
        }

        if (!string.IsNullOrWhiteSpace(contact.Phone) && !FrenchPhoneNumbers.IsValid(contact.Phone))
        {
            e.Add("contact.phone", ErrorCodes.InvalidPhone, "Numéro de téléphone invalide : dix chiffres commençant par 0 (05 56 56 38 75) ou au format international (+33 5 56 56 38 75).");
        }
    }

    private static void CheckAction(ActionPlan action, Campaign campaign, Collector e)
    {
        e.Text("action.title", "Titre de l'action", action.Title, TextLimits.Name);
        e.Text("action.history", "Historique de l'action", action.History, TextLimits.Section);
        e.Text("action.summary", "Résumé de l'action", action.Summary, TextLimits.Summary);
        e.Enum("action.category", "Catégorie d'innovation sociale", action.Category);
        e.Text("action.objectives", "Objectifs de l'action", action.Objectives, TextLimits.Section);

        if (e.Enum("action.stage", "Stade d'avancement", action.Stage) && action.Stage == Stage.Commercialisation)
        {
            e.Add("action.stage", ErrorCodes.StageNotEligible, "La mise sur le marché ne peut pas être soutenue : l'aide porte sur la phase d'émergence, en amont de la commercialisation.");
        }

        e.Text("action.targetAudiences", "Publics cibles", action.TargetAudiences, TextLimits.Section);

        var means = action.Means ?? new Means();
        e.Text("action.means.governance", "Modalités de gouvernance", means.Governance, TextLimits.Section);
        e.Text("action.means.communication", "Communication", means.Communication, TextLimits.Section);
        e.Text("action.means.humanResources", "Ressources humaines", means.HumanResources, TextLimits.Section);
        e.Text("action.means.financialResources", "Ressources financières", means.FinancialResources, TextLimits.Section);

        if (action.PlannedStart is null)
        {
            e.Required("action.plannedStart", "Date de démarrage prévue");
        }

        if (action.DurationMonths is not { } months)
        {
            e.Required("action.durationMonths", "Durée de l'action");
        }
        else if (months < 1 || months > campaign.MaxDurationMonths)
        {
            e.Add("action.durationMonths", ErrorCodes.OutOfRange, $"La durée de l'action est de 1 à {campaign.MaxDurationMonths} mois consécutifs.");
        }

        e.Text("action.researchMission", "Mission de l'équipe de recherche", action.ResearchMission, TextLimits.Section, required: false);
        e.Text("action.evaluationMethod", "Méthodologie d'évaluation", action.EvaluationMethod, TextLimits.Section);
    }

    private static void CheckBudget(Budget budget, Campaign campaign, Collector e)
    {
        var eligible = Euros.Zero;
        var expensesComplete = true;
        if (budget.Expenses is not { Count: > 0 } expenses)
        {
            e.Add("budget.expenses", ErrorCodes.Required, "Au moins une dépense éligible est nécessaire (§4 : recherche et développement, études et analyses, frais de mission, temps de travail).");
            expensesComplete = false;
        }
        else
        {
            for (var i = 0; i < expenses.Count; i++)
            {
                var path = TolerantJson.Item("budget.expenses", i);
                if (expenses[i] is not { } expense)
                {
                    e.Required(path, "Dépense");
                    expensesComplete = false;
                    continue;
                }

                var categoryOk = e.Enum(TolerantJson.Member(path, "category"), "Catégorie de dépense", expense.Category);
                e.Text(TolerantJson.Member(path, "label"), "Libellé de la dépense", expense.Label, TextLimits.Short, required: false);
                var amountOk = e.PositiveAmount(TolerantJson.Member(path, "amount"), "Montant de la dépense", expense.Amount);
                if (categoryOk && amountOk)
                {
                    eligible += expense.Amount!.Value;
                }
                else
                {
                    expensesComplete = false;
                }
            }
        }

        for (var i = 0; budget.Income is { } income && i < income.Count; i++)
        {
            var path = TolerantJson.Item("budget.income", i);
            if (income[i] is not { } line)
            {
                e.Required(path, "Recette");
                continue;
            }

            e.Text(TolerantJson.Member(path, "source"), "Origine de la recette", line.Source, TextLimits.Short);
            e.PositiveAmount(TolerantJson.Member(path, "amount"), "Montant de la recette", line.Amount);
        }

        const string requestedField = "budget.requestedAmount";
        if (!e.PositiveAmount(requestedField, "Montant de l'aide demandée", budget.RequestedAmount))
        {
            return;
        }

        var requested = budget.RequestedAmount!.Value;
        if (requested > campaign.MaxGrant)
        {
            e.Add(requestedField, ErrorCodes.AboveMaxGrant, $"L'aide régionale est plafonnée à {campaign.MaxGrant.ToFrench()} ; {requested.ToFrench()} sont demandés.");
        }

        // Compared only with a complete list of expenses: with a line still to fix, the total is not the
        // holder's real total and the comparison would be a guess.
        if (expensesComplete && requested > eligible)
        {
            e.Add(requestedField, ErrorCodes.AboveEligibleExpenses, $"L'aide demandée ({requested.ToFrench()}) dépasse le total des dépenses éligibles ({eligible.ToFrench()}).");
        }
    }

    /// <summary>§2: "Les actions présentées seront de nature collective […] nature et rôle de chaque participant."</summary>
    private static void CheckPartners(IReadOnlyList<Partner?>? partners, Collector e)
    {
        if (partners is not { Count: > 0 })
        {
            e.Add("partners", ErrorCodes.CollectiveActionRequired, "L'action doit être collective : indiquez au moins un partenaire, avec sa nature et son rôle.");
            return;
        }

        for (var i = 0; i < partners.Count; i++)
        {
            var path = TolerantJson.Item("partners", i);
            if (partners[i] is not { } partner)
            {
                e.Required(path, "Partenaire");
                continue;
            }

            e.Text(TolerantJson.Member(path, "name"), "Nom du partenaire", partner.Name, TextLimits.Name);
            e.Text(TolerantJson.Member(path, "nature"), "Nature du partenaire", partner.Nature, TextLimits.Short);
            e.Text(TolerantJson.Member(path, "role"), "Rôle du partenaire", partner.Role, TextLimits.PartnerRole);
        }
    }

    private sealed class Collector
    {
        public List<FieldError> Errors { get; } = [];

        public void Add(string field, string code, string message) => Errors.Add(new FieldError(field, code, message));

        public void Required(string field, string label) => Add(field, ErrorCodes.Required, $"{label} : ce champ est obligatoire.");

        /// <summary>A text, blank counting as missing; true when it is present and within <paramref name="max"/>.</summary>
        public bool Text(string field, string label, string? value, int max, bool required = true)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Required(field, label);
                }

                return false;
            }

            var length = value.Trim().Length;
            if (length > max)
            {
                Add(field, ErrorCodes.TooLong, $"{label} : {max} caractères au plus ({length} saisis).");
                return false;
            }

            return true;
        }

        /// <summary>A required choice among the call's values; true when present and known.</summary>
        public bool Enum<T>(string field, string label, T? value)
            where T : struct, Enum
        {
            if (value is not { } v)
            {
                Required(field, label);
                return false;
            }

            if (!System.Enum.IsDefined(v))
            {
                Add(field, ErrorCodes.InvalidValue, $"{label} : valeur inconnue.");
                return false;
            }

            return true;
        }

        /// <summary>A required amount above 0 €; true when it is.</summary>
        public bool PositiveAmount(string field, string label, Euros? amount)
        {
            if (amount is not { } a)
            {
                Required(field, label);
                return false;
            }

            if (a.Cents <= 0)
            {
                Add(field, ErrorCodes.MustBePositive, $"{label} : le montant doit être supérieur à 0 €.");
                return false;
            }

            return true;
        }
    }
}
