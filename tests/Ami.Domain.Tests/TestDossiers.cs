using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Money;

namespace Ami.Domain.Tests;

/// <summary>
/// A valid campaign (the 2015 call) and a valid dossier for it, for tests of any project: change what a
/// test is about with <c>with { ... }</c>.
/// </summary>
public static class TestDossiers
{
    /// <summary>The 2015 call as in <c>campaigns/ami-is-2015.json</c>.</summary>
    public static Campaign Campaign() => new()
    {
        Id = "ami-is-2015",
        Title = "AMI Innovation sociale 2015",
        ReferencePrefix = "AMI-IS-2015",
        OpensAt = new DateTimeOffset(2015, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)),
        Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 5, 29)),
        MaxGrant = Euros.FromDecimal(40_000m),
        InstalmentPercents = [70, 30],
        MaxDurationMonths = 12,
        BilanDueAfter = IsoDuration.FromMonths(12),
        JuryDueAfterClose = IsoDuration.FromDays(30),
        ContactEmail = "ami.is@aquitaine.fr",
        Staff = ["instruction@region.example"],
        Jurors = ["jure1@partner.example", "jure2@region.example", "jure3@partner.example", "jure4@region.example"],
        JuryPresident = "president@region.example",
        CpSecretariat = "cp@region.example",
        Finance = "finance@region.example",
        EligibleDepartments = ["24", "33", "40", "47", "64"],
    };

    /// <summary>A complete, eligible dossier: an association in Bordeaux asking 30 000 € of 42 500 € of eligible expenses.</summary>
    public static DossierSubmission Valid() => new()
    {
        Holder = new Holder
        {
            Name = "Association Les Jardins Partagés",
            Type = HolderType.Association,
            Siret = "44306184100047",
            Address = new PostalAddress { Street = "12 rue des Faures", PostalCode = "33000", City = "Bordeaux" },
            History = "Créée en 2009 par des habitants du quartier Saint-Michel pour cultiver des parcelles en commun.",
            Description = "Association loi 1901, 120 adhérents, deux salariés, un conseil d'administration de neuf membres.",
            Members = "Habitants, bailleurs sociaux et deux écoles du quartier.",
            Beneficiaries = "Familles du quartier, personnes isolées, élèves des écoles voisines.",
        },
        Contact = new Contact { Name = "Jeanne Martin", Email = "jeanne.martin@jardins-partages.example", Phone = "05 56 00 00 00" },
        Action = new ActionPlan
        {
            Title = "Des jardins partagés au pied des immeubles",
            History = "Une première parcelle a été ouverte en 2013 avec le bailleur ; la demande dépasse l'offre.",
            Summary = "Essaimer le modèle du jardin partagé dans trois quartiers de la métropole, avec les habitants.",
            Category = InnovationCategory.Territorial,
            Objectives = "Créer du lien social, favoriser une alimentation saine, former des habitants relais.",
            Stage = Stage.Swarming,
            TargetAudiences = "Habitants des quartiers prioritaires, en particulier les personnes âgées isolées.",
            Means = new Means
            {
                Governance = "Un comité de pilotage mensuel réunit habitants, bailleurs, ville et université.",
                Communication = "Journal de quartier, réunions publiques, site internet.",
                HumanResources = "Deux salariés à mi-temps, quinze bénévoles, une doctorante.",
                FinancialResources = "Cotisations, aide de la ville, mécénat d'une fondation.",
            },
            PlannedStart = new DateOnly(2015, 9, 1),
            DurationMonths = 12,
            ResearchMission = "Évaluer les effets sur l'isolement social (laboratoire de sociologie).",
            EvaluationMethod = "Questionnaires avant et après, entretiens, comptage des participants.",
        },
        Budget = new Budget
        {
            Expenses =
            [
                new Expense { Category = ExpenseCategory.Researchers, Label = "Doctorante, 6 mois", Amount = Euros.FromDecimal(12_000m) },
                new Expense { Category = ExpenseCategory.StudiesAnalysis, Label = "Diagnostic des trois quartiers", Amount = Euros.FromDecimal(8_000m) },
                new Expense { Category = ExpenseCategory.StaffTime, Label = "Animation des jardins", Amount = Euros.FromDecimal(18_000m) },
                new Expense { Category = ExpenseCategory.Travel, Label = "Déplacements entre les sites", Amount = Euros.FromDecimal(1_500.50m) },
                new Expense { Category = ExpenseCategory.ResearchEquipment, Label = "Matériel de mesure", Amount = Euros.FromDecimal(2_999.50m) },
            ],
            Income =
            [
                new Income { Source = "Région", Amount = Euros.FromDecimal(30_000m) },
                new Income { Source = "Ville de Bordeaux", Amount = Euros.FromDecimal(12_500m) },
            ],
            RequestedAmount = Euros.FromDecimal(30_000m),
        },
        Partners =
        [
            new Partner { Name = "Université de Bordeaux", Nature = "Laboratoire de recherche", Role = "Suivi scientifique et évaluation." },
            new Partner { Name = "Aquitanis", Nature = "Bailleur social", Role = "Met les terrains à disposition." },
        ],
        TerritorialProject = "Contrat de ville de Bordeaux Métropole.",
    };
}
