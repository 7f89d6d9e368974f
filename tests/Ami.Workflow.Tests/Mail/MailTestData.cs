using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Configuration;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Tests.Mail;

/// <summary>A full, realistic dossier of the 2015 call, its index row and its campaign.</summary>
internal static class MailTestData
{
    public const string BaseUrl = "https://ami.region.example";

    public static Campaign Campaign(string id = "ami-is-2015") => new()
    {
        Id = id,
        Title = "AMI Innovation sociale 2015",
        ReferencePrefix = "AMI-IS-2015",
        OpensAt = new DateTimeOffset(2015, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)),
        Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 5, 29)),
        MaxGrant = Euros.FromDecimal(40000m),
        ContactEmail = "ami.is@aquitaine.fr",
        Staff = ["instruction@region.example", "ess@region.example"],
        Jurors = ["jure1@partner.example", "jure2@region.example", "jure3@partner.example"],
        JuryPresident = "president@region.example",
        CpSecretariat = "cp@region.example",
        Finance = "finance@region.example",
    };

    public static DossierSubmission Submission(string holderName = "Association Les Jardins Partagés") => new()
    {
        Holder = new Holder
        {
            Name = holderName,
            Type = HolderType.Association,
            Siret = "12345678901234",
            Address = new PostalAddress { Street = "12 rue François de Sourdis", PostalCode = "33000", City = "Bordeaux" },
            History = "Créée en 2009 par des habitants du quartier.",
            Description = "Jardins partagés et ateliers de cuisine.",
            Members = "120 adhérents",
            Beneficiaries = "Habitants du quartier Saint-Michel",
        },
        Contact = new Contact { Name = "Jeanne Martin", Email = "jeanne@example.org", Phone = "0556000000" },
        Action = new ActionPlan
        {
            Title = "Cuisines partagées « Saint-Michel »",
            History = "Une expérimentation menée en 2014.",
            Summary = "Des cuisines ouvertes où habitants et chercheurs co-construisent des repas à bas coût.",
            Category = InnovationCategory.Territorial,
            Objectives = "Réduire l'isolement et la précarité alimentaire.",
            Stage = Stage.Development,
            TargetAudiences = "Familles monoparentales, étudiants",
            Means = new Means { Governance = "Collège d'habitants", Communication = "Journal de quartier", HumanResources = "2 salariés", FinancialResources = "Cotisations" },
            PlannedStart = new DateOnly(2015, 9, 1),
            DurationMonths = 12,
            ResearchMission = "Évaluation par l'Université de Bordeaux.",
            EvaluationMethod = "Questionnaires et entretiens.",
        },
        Budget = new Budget
        {
            Expenses = [new Expense { Category = ExpenseCategory.Researchers, Label = "Vacations de chercheurs", Amount = Euros.FromDecimal(12000m) }],
            Income = [new Income { Source = "Région", Amount = Euros.FromDecimal(30000m) }],
            RequestedAmount = Euros.FromDecimal(30000m),
        },
        Partners = [new Partner { Name = "Université de Bordeaux", Nature = "research", Role = "Évaluation" }],
        TerritorialProject = "Contrat de ville de Bordeaux",
    };

    public static DossierRecord Record(string dossierId = "d-0001", string campaignId = "ami-is-2015", DossierSubmission? submission = null, DossierStatus status = DossierStatus.Granted)
    {
        var s = submission ?? Submission();
        return new DossierRecord
        {
            DossierId = dossierId,
            CampaignId = campaignId,
            Reference = "AMI-IS-2015-0001",
            Status = status,
            SubmittedAt = new DateTimeOffset(2015, 5, 12, 14, 5, 0, TimeSpan.FromHours(2)),
            HolderName = s.Holder!.Name!,
            ContactEmail = s.Contact!.Email!,
            ActionTitle = s.Action!.Title!,
            RequestedAmount = s.Budget!.RequestedAmount!.Value,
            AccessTokenHash = "ab12",
            GrantedAmount = Euros.FromDecimal(28000m),
            StartDate = new DateOnly(2015, 10, 1),
            BilanDueAt = new DateTimeOffset(2016, 10, 1, 0, 0, 0, TimeSpan.FromHours(2)),
            UpdatedAt = new DateTimeOffset(2015, 5, 12, 14, 5, 0, TimeSpan.FromHours(2)),
        };
    }

    /// <summary>The values the journey passes for each kind (a full, valid set).</summary>
    public static Dictionary<string, string> ValuesFor(MailKind kind)
    {
        var v = new Dictionary<string, string>();
        foreach (var input in MailValues.InputsOf(kind))
        {
            v[input.Key] = input.Type switch
            {
                MailInputType.Text => input.Key switch
                {
                    MailValues.Comment => "Merci de joindre les statuts signés et le budget détaillé.\nPrécisez le rôle de l'équipe de recherche.",
                    MailValues.Reason => "Le projet relève de la commercialisation, qui n'est pas financée par l'AMI.",
                    MailValues.AuditionPlace => "Hôtel de Région, 14 rue François de Sourdis, Bordeaux – salle 3",
                    MailValues.JuryComment or MailValues.JuryConclusions => "Projet très ancré dans le territoire ; la place de la recherche est à renforcer.",
                    _ => "texte",
                },
                MailInputType.Instant => MailValues.Instant(new DateTimeOffset(2015, 6, 29, 22, 0, 0, TimeSpan.Zero)),
                MailInputType.Date => MailValues.Day(new DateOnly(2015, 7, 10)),
                MailInputType.Amount => MailValues.Money(Euros.FromDecimal(28000m)),
                MailInputType.Integer => "1",
                MailInputType.Decimal => MailValues.Number(27.5m),
                MailInputType.ActionToken => "tok.en-123_ABC",
                MailInputType.Opinion => "favourable",
                MailInputType.Step => "validation",
                MailInputType.CriterionKeys => "research,governance",
                _ => throw new InvalidOperationException(),
            };
        }

        if (kind == MailKind.JuryOpinionRequest)
        {
            foreach (var c in Ami.Domain.Scoring.ScoringGrid.Annex1.Criteria)
            {
                v[MailValues.MeanPrefix + c.Key] = "2.25";
            }
        }

        return v;
    }

    public static MailComposer Composer(string baseUrl = BaseUrl) =>
        new(new MailTemplates(), Options.Create(new AmiOptions { PublicBaseUrl = baseUrl }));

    /// <summary>Kinds sent about one dossier through <see cref="INotifier"/>.</summary>
    public static IEnumerable<MailKind> DossierKinds() =>
        Enum.GetValues<MailKind>().Where(k => k is not (MailKind.StaffDigest or MailKind.LateSubmission or MailKind.DraftLink or MailKind.DraftReminder)
            && !Ami.Workflow.Workspaces.CalendarMails.Kinds.Contains(k));

    /// <summary>Who gets <paramref name="kind"/>: a step's link mail goes to its actor (<see cref="StepCatalog"/>), the others as listed.</summary>
    public static Recipient DefaultRecipient(MailKind kind) => kind switch
    {
        MailKind.JuryEscalation or MailKind.StaffReminder => new Recipient(RecipientRole.Staff),
        MailKind.JuryReminder => new Recipient(RecipientRole.Juror, 1),
        MailKind.PaymentOrder => new Recipient(RecipientRole.Finance),
        _ when StepCatalog.All.FirstOrDefault(s => s.Request == kind)?.Recipients is { } role => new Recipient(role, role == RecipientRole.Juror ? 1 : 0),
        _ => new Recipient(RecipientRole.Holder),
    };

    public static Notification Notification(MailKind kind, string dossierId = "d-0001", string step = "step#1") =>
        new(dossierId, kind, step, DefaultRecipient(kind), ValuesFor(kind));
}
