namespace Ami.Workflow.Orchestrations;

/// <summary>The decisions each action step allows (API-CONTRACT.md's table of steps and bodies).</summary>
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

    public static IReadOnlyList<string> For(string step) => step switch
    {
        JourneySteps.Validation => [Eligible, Ineligible, ChangesRequested],
        JourneySteps.Audition => [Held, NoShow],
        JourneySteps.JuryScore => [Scored, Conflict],
        JourneySteps.JuryOpinion => [Favourable, Unfavourable],
        JourneySteps.CpDecision => [Granted, Refused],
        JourneySteps.BilanValidation => [Accepted, ChangesRequested],
        _ => [],
    };

    /// <summary>Steps decided by one person (the first decision wins); the jury's sheets are one per juror.</summary>
    public static bool IsSingleDecider(string step) => step != JourneySteps.JuryScore;
}

/// <summary>Orchestration versions of the journey (host.json <c>defaultVersion</c>); see docs/versioning.md.</summary>
public static class JourneyVersions
{
    /// <summary>The first shipped journey.</summary>
    public const string V1 = "1.0";

    /// <summary>1.1: before the jury is invited, every file must be safe (a scan run, <see cref="Scanning.AttachmentScan"/>).</summary>
    public const string V1_1 = "1.1";

    /// <summary>The version new instances start with.</summary>
    public const string Current = V1_1;

    /// <summary>Every version whose code path is still in the orchestrator (instances of it may be running).</summary>
    public static IReadOnlyList<string> Supported { get; } = [V1, V1_1];

    /// <summary>The version of an instance: empty (test host, instances started without one) means 1.0.</summary>
    public static string Of(string? version) => string.IsNullOrEmpty(version) ? V1 : version;
}
