namespace Ami.Workflow.Orchestrations;

/// <summary>
/// The names shared by the dossier journey and those who talk to it (HTTP handlers, both hosts).
/// Instance id = dossier id. Inputs and events carry ids and choices only, never personal data.
/// </summary>
public static class JourneyNames
{
    public const string Orchestrator = "DossierJourney";
}

/// <summary>Input of <see cref="JourneyNames.Orchestrator"/>.</summary>
public sealed record JourneyInput(string DossierId, string CampaignId);

/// <summary>Output of <see cref="JourneyNames.Orchestrator"/>: the dossier's final status (kebab-case, e.g. <c>closed</c>).</summary>
public sealed record JourneyOutcome(string Status);

/// <summary>External events raised on a dossier's instance.</summary>
public static class JourneyEvents
{
    /// <summary>A signed action link was used (payload: <see cref="ActionDecision"/>).</summary>
    public const string ActionDecided = "ActionDecided";

    /// <summary>The holder replaced the dossier after changes were requested (PUT; payload: <see cref="JourneySignal"/>).</summary>
    public const string Resubmitted = "Resubmitted";

    /// <summary>
    /// The campaign changed: its deadline, its people (a juror added) or its waits (staff replaced it; payload:
    /// <see cref="JourneySignal"/>). The wire name stays <c>"DeadlineChanged"</c>, its first meaning: running
    /// instances wait for that name and their histories hold it.
    /// </summary>
    public const string CampaignChanged = "DeadlineChanged";

    /// <summary>The holder declared the start of the action (payload: <see cref="StartDeclaration"/>).</summary>
    public const string StartDeclared = "StartDeclared";

    /// <summary>The holder handed in the bilan (payload: <see cref="BilanHandedIn"/>).</summary>
    public const string BilanSubmitted = "BilanSubmitted";

    /// <summary>The holder withdrew the dossier (payload: <see cref="JourneySignal"/>).</summary>
    public const string Withdrawn = "Withdrawn";
}

/// <summary>The steps the journey waits on (<see cref="JourneyStatus.Step"/>); action steps are docs/api.md's.</summary>
public static class JourneySteps
{
    public const string Validation = "validation";
    public const string Resubmission = "resubmission";
    public const string CallClosing = "call-closing";
    public const string Audition = "audition";
    public const string JuryScore = "jury-score";
    public const string JuryOpinion = "jury-opinion";
    public const string CpDecision = "cp-decision";
    public const string Start = "start";
    public const string Bilan = "bilan";
    public const string BilanValidation = "bilan-validation";

    /// <summary>Between waits (activities running) and after the end: nothing is accepted.</summary>
    public const string Busy = "busy";
    public const string Ended = "ended";
}

/// <summary>
/// The orchestration's custom status: which step it waits for, so that an event is raised only when the
/// instance is waiting for it (a stale or duplicate event is refused, not silently lost).
/// </summary>
/// <param name="Step">e.g. <c>validation</c>, <c>resubmission</c>, <c>jury-score</c>, <c>start</c>, <c>bilan</c> (<see cref="JourneySteps"/>).</param>
/// <param name="Accepts">The event names (<see cref="JourneyEvents"/>) the instance accepts now.</param>
public sealed record JourneyStatus(string Step, IReadOnlyList<string> Accepts)
{
    /// <summary>The attempt of <see cref="Step"/> (validation after a resubmission is attempt 2): links of another attempt are stale.</summary>
    public int Attempt { get; init; }

    /// <summary>Until when the wait lasts, when it has a deadline (call closing, jury due, bilan due).</summary>
    public DateTimeOffset? Until { get; init; }

    public bool Allows(string eventName) => Accepts.Contains(eventName, StringComparer.Ordinal);

    public bool AllowsAction(string step, int attempt) =>
        Allows(JourneyEvents.ActionDecided) && string.Equals(Step, step, StringComparison.Ordinal) && Attempt == attempt;
}

/// <summary>
/// Payload of <see cref="JourneyEvents.ActionDecided"/>. The details (comment, scores, amounts, CP date)
/// stay in Table <c>Actions</c>; the event carries the step, the choice and ids only.
/// </summary>
/// <param name="Actor">e.g. <c>staff-0</c>, <c>juror-2</c>, <c>president</c>, <c>cp</c>.</param>
/// <param name="Audition">For <c>validation</c>: staff asked for an audition.</param>
public sealed record ActionDecision(string Step, int Attempt, string Actor, string Decision, bool Audition = false);

/// <summary>Payload of the holder's and staff's plain signals (<see cref="JourneyEvents.Resubmitted"/>, <see cref="JourneyEvents.Withdrawn"/>, <see cref="JourneyEvents.CampaignChanged"/>).</summary>
public sealed record JourneySignal(string? By = null);

/// <summary>Payload of <see cref="JourneyEvents.StartDeclared"/>: the declared start of the action.</summary>
public sealed record StartDeclaration(DateOnly StartDate);

/// <summary>Payload of <see cref="JourneyEvents.BilanSubmitted"/>: the bilan's number (1, then 2 after changes were requested).</summary>
public sealed record BilanHandedIn(int Number);
