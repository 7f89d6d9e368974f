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

/// <summary>External events raised on a dossier's instance.</summary>
public static class JourneyEvents
{
    /// <summary>A signed action link was used (payload: the step, the actor's role and the decision id).</summary>
    public const string ActionDecided = "ActionDecided";

    /// <summary>The holder replaced the dossier after changes were requested (PUT).</summary>
    public const string Resubmitted = "Resubmitted";

    /// <summary>The campaign's deadline changed (staff replaced the campaign).</summary>
    public const string DeadlineChanged = "DeadlineChanged";

    /// <summary>The holder declared the start of the action.</summary>
    public const string StartDeclared = "StartDeclared";

    /// <summary>The holder handed in the bilan.</summary>
    public const string BilanSubmitted = "BilanSubmitted";

    /// <summary>The holder withdrew the dossier.</summary>
    public const string Withdrawn = "Withdrawn";
}

/// <summary>
/// The orchestration's custom status: which step it waits for, so that an event is raised only when the
/// instance is waiting for it (a stale or duplicate event is refused, not silently lost).
/// </summary>
/// <param name="Step">e.g. <c>validation</c>, <c>resubmission</c>, <c>jury-score</c>, <c>start</c>, <c>bilan</c>.</param>
public sealed record JourneyStatus(string Step, IReadOnlyList<string> Accepts);
