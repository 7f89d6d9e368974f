using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Staff;

namespace Ami.Workflow.Steps;

/// <summary>Who acts at a step.</summary>
public enum StepActor
{
    /// <summary>No one: the journey waits for a date (the call's closing).</summary>
    System,

    /// <summary>The Region's staff (mailed link, or the dossier's staff page).</summary>
    Staff,

    /// <summary>Each juror, one sheet each (mailed link).</summary>
    Juror,

    /// <summary>The jury's president (mailed link).</summary>
    JuryPresident,

    /// <summary>The Commission permanente's secretariat (mailed link).</summary>
    CpSecretariat,

    /// <summary>The holder ("Mon dossier", or the JSON API with the holder's token).</summary>
    Holder,
}

/// <summary>A part of the form a person fills at a step (beyond the decision and the comment), or a part the page shows before it.</summary>
public enum FormPart
{
    /// <summary>The step's decisions as radio buttons, a comment and the submit button.</summary>
    Choices,

    /// <summary>With « éligible »: an audition, when and where (<see cref="StepFields.Audition"/>, <see cref="StepFields.AuditionAt"/>, <see cref="StepFields.AuditionPlace"/>).</summary>
    AuditionProposal,

    /// <summary>The dossier's grid, one 0–3 level per criterion (<see cref="StepFields.Scores"/>), and a comment.</summary>
    ScoreGrid,

    /// <summary>A second form: the juror declares a conflict of interest instead of scoring.</summary>
    ConflictDeclaration,

    /// <summary>The amount the jury proposes (<see cref="StepFields.ProposedAmount"/>).</summary>
    ProposedAmount,

    /// <summary>The amount granted and the date of the CP (<see cref="StepFields.Amount"/>, <see cref="StepFields.CpDate"/>).</summary>
    GrantAmount,

    /// <summary>Shown before the form: the jury's notes (means by criterion, totals).</summary>
    JuryNotes,

    /// <summary>Shown before the form: the jury's opinion, proposed amount and conclusions.</summary>
    JuryOpinion,

    /// <summary>The holder's start date ("Mon dossier" and <c>POST /api/dossiers/{id}/start</c>).</summary>
    StartDate,

    /// <summary>The holder's bilan: a report file and the bilan's figures ("Mon dossier" and <c>POST /api/dossiers/{id}/bilan</c>).</summary>
    BilanReport,

    /// <summary>The holder's dossier, filed again after changes were requested ("Mon dossier" and <c>PUT /api/dossiers/{id}</c>).</summary>
    DossierAgain,
}

/// <summary>How an action body's field is written in JSON (a form sends every field as text).</summary>
public enum FieldType
{
    Text,
    Number,
    Flag,

    /// <summary>An object { criterion: level }; form fields <c>scores.{criterion}</c>.</summary>
    Scores,
}

/// <summary>A field of a decision's body (<c>POST /api/actions/{token}</c>, the staff page's form).</summary>
public sealed record StepField(string Name, FieldType Type);

/// <summary>A decision a step offers, and how people read it.</summary>
/// <param name="Id">The wire id (<see cref="JourneyDecisions"/>).</param>
/// <param name="Choice">As a choice on the action page (<c>Éligible</c>, <c>Aide attribuée</c>).</param>
/// <param name="Outcome">As an outcome on the staff pages (<c>éligible</c>, <c>aide accordée</c>).</param>
public sealed record StepChoice(string Id, string Choice, string Outcome);

/// <summary>
/// One step of the journey, declared once in <see cref="StepCatalog"/>: who acts, the decisions and their fields, the
/// status while it waits, the mails it sends, its French labels and its form. The journey, the pages, the mails, the
/// decision rules and the digest read it.
/// </summary>
public sealed record StepDefinition
{
    /// <summary>The wire id (<see cref="JourneySteps"/>): in running histories, URLs, JSON, link tokens. Never renamed.</summary>
    public required string Id { get; init; }

    public required StepActor Actor { get; init; }

    /// <summary>What the dossier waits for, after « attend » (<c>la validation du bilan</c>): the staff reminder, the digest, the staff page.</summary>
    public required string Awaited { get; init; }

    /// <summary>The statuses of the dossier while the journey waits at this step.</summary>
    public required IReadOnlyList<DossierStatus> WaitingIn { get; init; }

    /// <summary>The event that moves the step on (<see cref="JourneyEvents"/>); null when only a date does.</summary>
    public string? Event { get; init; }

    /// <summary>The decisions (action steps only), in the order the forms offer them.</summary>
    public IReadOnlyList<StepChoice> Decisions { get; init; } = [];

    /// <summary>Decided by one person (the first decision wins); false for the jury's sheets, one per juror.</summary>
    public bool SingleDecider { get; init; } = true;

    /// <summary>The fields of the body beyond <c>decision</c> and <c>comment</c>.</summary>
    public IReadOnlyList<StepField> Fields { get; init; } = [];

    /// <summary>The step's rules over its fields (<see cref="StepRules"/>); null when the decision and comment are all.</summary>
    public StepRule? Rule { get; init; }

    /// <summary>The form a person fills (and the parts shown before it), in page order; empty when no one acts.</summary>
    public IReadOnlyList<FormPart> Form { get; init; } = [];

    /// <summary>The mail carrying the step's signed links (action steps).</summary>
    public MailKind? Request { get; init; }

    /// <summary>Every other mail the step sends (outcomes to the holder, reminders).</summary>
    public IReadOnlyList<MailKind> Mails { get; init; } = [];

    /// <summary>The action page's title (steps decided through a link).</summary>
    public string? ActionTitle { get; init; }

    /// <summary>Set for steps the staff dossier page decides: its title there and the role it needs.</summary>
    public StaffPageStep? StaffPage { get; init; }

    /// <summary>What the staff digest says is to do, for a dossier waiting at this step on staff.</summary>
    public string? DigestToDo { get; init; }

    /// <summary>True for a step decided through an action (signed link, staff page): the event is <see cref="JourneyEvents.ActionDecided"/>.</summary>
    public bool IsAction => Decisions.Count > 0;

    public IReadOnlyList<string> DecisionIds => [.. Decisions.Select(d => d.Id)];

    public bool Offers(string decision) => Decisions.Any(d => string.Equals(d.Id, decision, StringComparison.Ordinal));

    public bool WaitsIn(DossierStatus status) => WaitingIn.Contains(status);

    /// <summary>True when <paramref name="status"/> says the journey waits at this step and accepts its event now.</summary>
    public bool IsAwaitedBy(JourneyStatus? status) =>
        status is not null && string.Equals(status.Step, Id, StringComparison.Ordinal) && Event is { } e && status.Allows(e);

    /// <summary>Who the step's links are mailed to (its actor as a mail recipient); null for the holder's and the system's steps.</summary>
    public RecipientRole? Recipients => Actor switch
    {
        StepActor.Staff => RecipientRole.Staff,
        StepActor.Juror => RecipientRole.Juror,
        StepActor.JuryPresident => RecipientRole.JuryPresident,
        StepActor.CpSecretariat => RecipientRole.CpSecretariat,
        _ => null,
    };

    /// <summary>Every mail kind of the step: its request, then the others.</summary>
    public IEnumerable<MailKind> AllMails => Request is { } r ? [r, .. Mails] : Mails;
}

/// <summary>A step the staff dossier page decides: its title there and the role a person needs.</summary>
public sealed record StaffPageStep(string Title, StaffRole Role);
