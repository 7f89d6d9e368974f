using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Staff;
using D = Ami.Workflow.Orchestrations.JourneyDecisions;

namespace Ami.Workflow.Steps;

/// <summary>
/// Every step of the journey, declared once (docs/steps.md says how to add one). The ids are <see cref="JourneySteps"/>'
/// wire names; everything else a reader needs about a step is here: the action pages and their rules, the staff page,
/// the mails' labels, the digest's "waiting on whom", the holder's moves. <c>StepCatalogTests</c> walks it.
/// </summary>
public static class StepCatalog
{
    private static readonly StepChoice Eligible = new(D.Eligible, "Éligible", "éligible");
    private static readonly StepChoice Ineligible = new(D.Ineligible, "Inéligible", "inéligible");
    private static readonly StepChoice ChangesRequested = new(D.ChangesRequested, "Demander des modifications au porteur", "compléments demandés");
    private static readonly StepChoice Held = new(D.Held, "L'audition a eu lieu", "audition tenue");
    private static readonly StepChoice NoShow = new(D.NoShow, "Le porteur ne s'est pas présenté", "porteur absent");
    private static readonly StepChoice Scored = new(D.Scored, "Grille notée", "noté");
    private static readonly StepChoice Conflict = new(D.Conflict, "Conflit d'intérêts déclaré", "déport (conflit d'intérêts)");
    private static readonly StepChoice Favourable = new(D.Favourable, "Avis favorable", "avis favorable");
    private static readonly StepChoice Unfavourable = new(D.Unfavourable, "Avis défavorable", "avis défavorable");
    private static readonly StepChoice Granted = new(D.Granted, "Aide attribuée", "aide accordée");
    private static readonly StepChoice Refused = new(D.Refused, "Aide refusée", "aide refusée");
    private static readonly StepChoice Accepted = new(D.Accepted, "Bilan accepté", "bilan validé");

    public static StepDefinition Validation { get; } = new()
    {
        Id = JourneySteps.Validation,
        Actor = StepActor.Staff,
        Awaited = "la validation du dossier",
        WaitingIn = [DossierStatus.Submitted],
        Event = JourneyEvents.ActionDecided,
        Decisions = [Eligible, Ineligible, ChangesRequested],
        Fields = [new(StepFields.Audition, FieldType.Flag), new(StepFields.AuditionAt, FieldType.Text), new(StepFields.AuditionPlace, FieldType.Text)],
        Rule = StepRules.Validation,
        Form = [FormPart.Choices, FormPart.AuditionProposal],
        Request = MailKind.ValidationRequest,
        Mails = [MailKind.Eligible, MailKind.Ineligible, MailKind.ChangesRequested, MailKind.StaffReminder],
        ActionTitle = "Instruction du dossier : éligibilité",
        StaffPage = new("Instruction (éligibilité)", StaffRole.Instruction),
        DigestToDo = "à valider",
    };

    public static StepDefinition Resubmission { get; } = new()
    {
        Id = JourneySteps.Resubmission,
        Actor = StepActor.Holder,
        Awaited = "le dossier modifié par le porteur",
        WaitingIn = [DossierStatus.ChangesRequested],
        Event = JourneyEvents.Resubmitted,
        Form = [FormPart.DossierAgain],
        Mails = [MailKind.ChangesReminder, MailKind.ResubmissionReceived, MailKind.Ineligible],
    };

    public static StepDefinition CallClosing { get; } = new()
    {
        Id = JourneySteps.CallClosing,
        Actor = StepActor.System,
        Awaited = "la clôture de l'appel",
        WaitingIn = [DossierStatus.Eligible],
    };

    public static StepDefinition Audition { get; } = new()
    {
        Id = JourneySteps.Audition,
        Actor = StepActor.Staff,
        Awaited = "le compte rendu de l'audition",
        WaitingIn = [DossierStatus.Audition],
        Event = JourneyEvents.ActionDecided,
        Decisions = [Held, NoShow],
        Form = [FormPart.Choices],
        Request = MailKind.AuditionRequest,
        Mails = [MailKind.AuditionInvitation, MailKind.StaffReminder],
        ActionTitle = "Compte rendu d'audition",
        StaffPage = new("Audition", StaffRole.Instruction),
        DigestToDo = "compte rendu d'audition à saisir",
    };

    public static StepDefinition JuryScore { get; } = new()
    {
        Id = JourneySteps.JuryScore,
        Actor = StepActor.Juror,
        Awaited = "la notation par le jury",
        WaitingIn = [DossierStatus.Jury],
        Event = JourneyEvents.ActionDecided,
        Decisions = [Scored, Conflict],
        SingleDecider = false,
        Fields = [new(StepFields.Scores, FieldType.Scores)],
        Rule = StepRules.JuryScore,
        Form = [FormPart.ScoreGrid, FormPart.ConflictDeclaration],
        Request = MailKind.JuryInvitation,
        Mails = [MailKind.JuryReminder, MailKind.JuryEscalation],
        ActionTitle = "Évaluation par le jury (grille de l'annexe 1)",
    };

    public static StepDefinition JuryOpinion { get; } = new()
    {
        Id = JourneySteps.JuryOpinion,
        Actor = StepActor.JuryPresident,
        Awaited = "l'avis du jury",
        WaitingIn = [DossierStatus.Jury],
        Event = JourneyEvents.ActionDecided,
        Decisions = [Favourable, Unfavourable],
        Fields = [new(StepFields.ProposedAmount, FieldType.Number)],
        Rule = StepRules.JuryOpinion,
        Form = [FormPart.JuryNotes, FormPart.Choices, FormPart.ProposedAmount],
        Request = MailKind.JuryOpinionRequest,
        Mails = [MailKind.StaffReminder],
        ActionTitle = "Avis du jury",
    };

    public static StepDefinition CpDecision { get; } = new()
    {
        Id = JourneySteps.CpDecision,
        Actor = StepActor.CpSecretariat,
        Awaited = "la décision de la Commission permanente",
        WaitingIn = [DossierStatus.Cp],
        Event = JourneyEvents.ActionDecided,
        Decisions = [Granted, Refused],
        Fields = [new(StepFields.Amount, FieldType.Number), new(StepFields.CpDate, FieldType.Text)],
        Rule = StepRules.CpDecision,
        Form = [FormPart.JuryNotes, FormPart.JuryOpinion, FormPart.Choices, FormPart.GrantAmount],
        Request = MailKind.CpDecisionRequest,
        Mails = [MailKind.DecisionGranted, MailKind.DecisionRefused, MailKind.StaffReminder],
        ActionTitle = "Décision de la Commission permanente",
    };

    public static StepDefinition Start { get; } = new()
    {
        Id = JourneySteps.Start,
        Actor = StepActor.Holder,
        Awaited = "la déclaration de démarrage de l'action par le porteur",
        WaitingIn = [DossierStatus.Granted],
        Event = JourneyEvents.StartDeclared,
        Form = [FormPart.StartDate],
        Mails = [MailKind.StartAcknowledged, MailKind.PaymentOrder, MailKind.StaffReminder],
    };

    public static StepDefinition Bilan { get; } = new()
    {
        Id = JourneySteps.Bilan,
        Actor = StepActor.Holder,
        Awaited = "la remise du bilan de la première année par le porteur",
        WaitingIn = [DossierStatus.Started, DossierStatus.BilanDue],
        Event = JourneyEvents.BilanSubmitted,
        Form = [FormPart.BilanReport],
        Mails = [MailKind.BilanReminder, MailKind.BilanOverdue, MailKind.BilanReceived, MailKind.StaffReminder],
    };

    public static StepDefinition BilanValidation { get; } = new()
    {
        Id = JourneySteps.BilanValidation,
        Actor = StepActor.Staff,
        Awaited = "la validation du bilan",
        WaitingIn = [DossierStatus.BilanSubmitted],
        Event = JourneyEvents.ActionDecided,
        Decisions = [Accepted, ChangesRequested],
        Rule = StepRules.BilanValidation,
        Form = [FormPart.Choices],
        Request = MailKind.BilanValidationRequest,
        Mails = [MailKind.BilanChangesRequested, MailKind.PaymentOrder, MailKind.Closed, MailKind.StaffReminder],
        ActionTitle = "Validation du bilan de la première année",
        StaffPage = new("Validation du bilan", StaffRole.Instruction),
        DigestToDo = "bilan à valider",
    };

    /// <summary>Every step, in the journey's order.</summary>
    public static IReadOnlyList<StepDefinition> All { get; } =
        [Validation, Resubmission, CallClosing, Audition, JuryScore, JuryOpinion, CpDecision, Start, Bilan, BilanValidation];

    private static readonly Dictionary<string, StepDefinition> ById = All.ToDictionary(s => s.Id, StringComparer.Ordinal);

    private static readonly Dictionary<string, StepChoice> ChoicesById = All.SelectMany(s => s.Decisions).DistinctBy(c => c.Id).ToDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>The step of <paramref name="id"/>, or null for a name that is not a step people wait on (busy, ended, unknown).</summary>
    public static StepDefinition? Of(string? id) => id is not null && ById.TryGetValue(id, out var step) ? step : null;

    /// <summary>The decisions <paramref name="id"/> offers (none for an unknown step or one without decisions).</summary>
    public static IReadOnlyList<string> DecisionsOf(string id) => Of(id)?.DecisionIds ?? [];

    /// <summary>A decision as a choice on the action page (<c>Éligible</c>); an unknown one as it is.</summary>
    public static string ChoiceLabel(string decision) => ChoicesById.TryGetValue(decision, out var c) ? c.Choice : decision;

    /// <summary>A decision as an outcome on the staff pages (<c>éligible</c>); an unknown one as it is.</summary>
    public static string OutcomeLabel(string decision) => ChoicesById.TryGetValue(decision, out var c) ? c.Outcome : decision;

    /// <summary>The steps that wait on <paramref name="actor"/>, in the journey's order.</summary>
    public static IReadOnlyList<StepDefinition> WaitingOn(StepActor actor) => [.. All.Where(s => s.Actor == actor)];

    /// <summary>The steps the staff dossier page decides.</summary>
    public static IReadOnlyList<StepDefinition> StaffPageSteps { get; } = [.. All.Where(s => s.StaffPage is not null)];

    /// <summary>Every field a decision's body may carry beyond the decision and the comment, once each, in the steps' order.</summary>
    public static IReadOnlyList<StepField> BodyFields { get; } = [.. All.SelectMany(s => s.Fields).DistinctBy(f => f.Name)];
}
