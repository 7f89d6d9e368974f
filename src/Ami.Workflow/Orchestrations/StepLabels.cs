namespace Ami.Workflow.Orchestrations;

/// <summary>The French labels of one journey step.</summary>
/// <param name="Awaited">What the dossier waits for, as a staff reminder writes it after « attend » (<c>la validation du bilan</c>).</param>
/// <param name="ActionTitle">The title of the step's action page, for steps a person decides through a signed link; null otherwise.</param>
public sealed record StepLabel(string Awaited, string? ActionTitle = null);

/// <summary>
/// The French labels of every step of <see cref="JourneySteps"/>, keyed by its constant: the one place the mails
/// and the action pages read them from. A step without labels here is caught by the tests that walk
/// <see cref="JourneySteps"/> (every step a mail can name is rendered).
/// </summary>
public static class StepLabels
{
    private static readonly Dictionary<string, StepLabel> Labels = new(StringComparer.Ordinal)
    {
        [JourneySteps.Validation] = new("la validation du dossier", "Instruction du dossier : éligibilité"),
        [JourneySteps.Resubmission] = new("le dossier modifié par le porteur"),
        [JourneySteps.CallClosing] = new("la clôture de l'appel"),
        [JourneySteps.Audition] = new("le compte rendu de l'audition", "Compte rendu d'audition"),
        [JourneySteps.JuryScore] = new("la notation par le jury", "Évaluation par le jury (grille de l'annexe 1)"),
        [JourneySteps.JuryOpinion] = new("l'avis du jury", "Avis du jury"),
        [JourneySteps.CpDecision] = new("la décision de la Commission permanente", "Décision de la Commission permanente"),
        [JourneySteps.Start] = new("la déclaration de démarrage de l'action par le porteur"),
        [JourneySteps.Bilan] = new("la remise du bilan de la première année par le porteur"),
        [JourneySteps.BilanValidation] = new("la validation du bilan", "Validation du bilan de la première année"),
    };

    /// <summary>The steps a dossier waits on (every <see cref="JourneySteps"/> constant but busy and ended).</summary>
    public static IReadOnlyCollection<string> Steps => Labels.Keys;

    /// <summary>The labels of <paramref name="step"/>, or null for a name that is not a step people wait on.</summary>
    public static StepLabel? Of(string step) => Labels.GetValueOrDefault(step);
}
