using System.Globalization;
using System.Text.RegularExpressions;
using Ami.Workflow.Orchestrations;

namespace Ami.Workflow.Steps;

/// <summary>
/// A line of a dossier's timeline: its wire <see cref="Name"/> (stored in the Timeline table and read back, listed by
/// the status API: never renamed) and its French <see cref="Label"/>, as the holder's and staff's pages show it.
/// </summary>
public sealed record TimelineEvent(string Name, string Label)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every timeline event, declared once: the journey, the activities and the intake write these names, the pages show
/// these labels. The events of a decision (<c>validation:eligible</c>, <c>cp:granted</c>, …) are built from the step
/// catalog's decisions (<see cref="Decided"/>). <c>TimelineEventsTests</c> walks them and fails on a name written as
/// a literal elsewhere in <c>src/</c>.
/// </summary>
public static partial class TimelineEvents
{
    // ---- Filing ------------------------------------------------------------------------------------------------

    public static TimelineEvent Submitted { get; } = new("submitted", "Dossier déposé");

    public static TimelineEvent Resubmitted { get; } = new("resubmitted", "Dossier complété");

    public static TimelineEvent ChangesNotReceived { get; } = new("changes-requested:deadline-passed", "Compléments non reçus avant la clôture");

    // ---- Antivirus (1.2) ---------------------------------------------------------------------------------------

    public static TimelineEvent ScanInfected { get; } = new("scan:infected", "Pièce refusée par l'antivirus : infectée, à remplacer");

    public static TimelineEvent ScanFailed { get; } = new("scan:failed", "Pièce refusée : l'antivirus n'a pas pu l'analyser");

    public static TimelineEvent ScanNoAnswer { get; } = new("scan:no-answer", "Analyse antivirus sans réponse, nouvelle tentative");

    public static TimelineEvent ScanStuckAlert { get; } = new("scan:stuck-alert", "Analyse antivirus en attente : les services de la Région sont alertés");

    // ---- Audition, jury ----------------------------------------------------------------------------------------

    public static TimelineEvent AuditionInvited { get; } = new("audition:invited", "Audition proposée");

    public static TimelineEvent JuryHeld { get; } = new("jury:held", "Jury différé : une pièce n'est pas saine");

    public static TimelineEvent JuryOpened { get; } = new("jury:opened", "Examen par le jury");

    public static TimelineEvent JuryScored { get; } = new("jury:scored", "Dossier noté par le jury");

    // ---- Start, bilan, ends ------------------------------------------------------------------------------------

    public static TimelineEvent Started { get; } = new("started", "Démarrage déclaré");

    public static TimelineEvent BilanDue { get; } = new("bilan:due", "Bilan attendu");

    public static TimelineEvent BilanSubmitted { get; } = new("bilan:submitted", "Bilan remis");

    public static TimelineEvent Withdrawn { get; } = new("withdrawn", "Dossier retiré");

    public static TimelineEvent Closed { get; } = new("closed", "Dossier clos");

    public static TimelineEvent JourneyFailed { get; } = new("journey:failed", "Traitement interrompu : les services de la Région sont alertés");

    /// <summary>The steps whose decision the journey writes to the timeline: the name's prefix and the label's.</summary>
    /// <remarks>The CP's events are <c>cp:granted</c>, <c>cp:refused</c> (not the step id): wire names of running histories.</remarks>
    private static readonly (string Step, string Prefix, string Label)[] DecidedSteps =
    [
        (JourneySteps.Validation, JourneySteps.Validation, "Instruction"),
        (JourneySteps.Audition, JourneySteps.Audition, "Audition"),
        (JourneySteps.JuryOpinion, JourneySteps.JuryOpinion, "Avis du jury"),
        (JourneySteps.CpDecision, "cp", "Décision de la Commission permanente"),
        (JourneySteps.BilanValidation, JourneySteps.BilanValidation, "Contrôle du bilan"),
    ];

    private static readonly TimelineEvent[] Fixed =
    [
        Submitted, Resubmitted, ChangesNotReceived, ScanInfected, ScanFailed, ScanNoAnswer, ScanStuckAlert,
        AuditionInvited, JuryHeld, JuryOpened, JuryScored, Started, BilanDue, BilanSubmitted, Withdrawn, Closed, JourneyFailed,
    ];

    /// <summary>Every declared event: the fixed ones, then each decision of each step the journey records (not the instalments: <see cref="Instalment"/>).</summary>
    public static IReadOnlyList<TimelineEvent> All { get; } =
    [
        .. Fixed,
        .. DecidedSteps.SelectMany(s => StepCatalog.DecisionsOf(s.Step).Select(d => Decided(s.Step, d))),
    ];

    private static readonly Dictionary<string, TimelineEvent> ByName = All.ToDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>The decision <paramref name="decision"/> of <paramref name="step"/> (<c>validation:eligible</c>: "Instruction : éligible").</summary>
    /// <exception cref="ArgumentException">The journey writes no decision of <paramref name="step"/> to the timeline.</exception>
    public static TimelineEvent Decided(string step, string decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        foreach (var (id, prefix, label) in DecidedSteps)
        {
            if (string.Equals(id, step, StringComparison.Ordinal))
            {
                return new(prefix + ":" + decision, label + " : " + StepCatalog.OutcomeLabel(decision));
            }
        }

        throw new ArgumentException($"No timeline event for a decision of step '{step}'.", nameof(step));
    }

    /// <summary>Instalment <paramref name="number"/> released (<c>instalment-1-released</c>).</summary>
    public static TimelineEvent Instalment(int number) =>
        new(string.Create(CultureInfo.InvariantCulture, $"instalment-{number}-released"), string.Create(CultureInfo.InvariantCulture, $"Versement n° {number} ordonné"));

    /// <summary>The declared event of that name (an instalment's too), or null for a name never declared.</summary>
    public static TimelineEvent? Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ByName.TryGetValue(name, out var declared))
        {
            return declared;
        }

        return InstalmentName().Match(name) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? Instalment(number)
            : null;
    }

    [GeneratedRegex("^instalment-([0-9]{1,3})-released$", RegexOptions.CultureInvariant)]
    private static partial Regex InstalmentName();
}
