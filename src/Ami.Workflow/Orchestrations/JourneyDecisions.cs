namespace Ami.Workflow.Orchestrations;

/// <summary>The decisions' wire ids (docs/api.md's table of steps and bodies); which step offers which is <see cref="Steps.StepCatalog"/>'s.</summary>
public static class JourneyDecisions
{
    public const string Eligible = "eligible";
    public const string Ineligible = "ineligible";
    public const string ChangesRequested = "changes-requested";
    public const string Held = "held";
    public const string NoShow = "no-show";
    public const string Scored = "scored";
    public const string Conflict = "conflict";
    public const string Favourable = "favourable";
    public const string Unfavourable = "unfavourable";
    public const string Granted = "granted";
    public const string Refused = "refused";
    public const string Accepted = "accepted";
}

/// <summary>Orchestration versions of the journey (host.json <c>defaultVersion</c>); see docs/versioning.md.</summary>
public static class JourneyVersions
{
    /// <summary>The first shipped journey.</summary>
    public const string V1 = "1.0";

    /// <summary>
    /// The same steps as 1.0; its waits take a timer's meaning from the timer that fired (<see cref="JourneyRun.Clock"/>),
    /// so a timer handled a fraction of a second early no longer sends an extra reminder or re-arms a timer for the same
    /// instant. 1.0 instances keep reading the clock: their histories were written that way and replay as written.
    /// </summary>
    public const string V1_1 = "1.1";

    /// <summary>1.1, and before the jury is invited every file must be safe (the antivirus gate, <c>DossierJourney.Scanning.cs</c>).</summary>
    public const string V1_2 = "1.2";

    /// <summary>
    /// 1.2, and the jurors, the president and the CP work on the whole call: the journey still issues their links
    /// (per-dossier <c>/api/actions/{token}</c> keeps working) but mails none of them and sends no per-dossier jury
    /// reminder or escalation; the campaign's calendar (<c>Workspaces.CampaignCalendar</c>) mails each person once.
    /// The jurors' links still pending when the jury phase ends are voided.
    /// </summary>
    public const string V1_3 = "1.3";

    /// <summary>The version new instances start with.</summary>
    public const string Current = V1_3;

    /// <summary>Every version whose code path is still in the orchestrator: new journeys may be started in any (<c>Ami:Journey:StartVersion</c>).</summary>
    public static IReadOnlyList<string> Supported { get; } = [V1, V1_1, V1_2, V1_3];

    /// <summary>The version of an instance: empty (test host, instances started without one) means 1.0.</summary>
    public static string Of(string? version) => string.IsNullOrEmpty(version) ? V1 : version;
}
