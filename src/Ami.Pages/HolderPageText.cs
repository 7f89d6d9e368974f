using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;

namespace Ami.Pages;

/// <summary>The words of "Mon dossier": what happens next and by when, the timeline's steps, file kinds and sizes.</summary>
public static class HolderPageText
{
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>What happens next and by when, from the campaign's calendar and the dossier's own dates.</summary>
    public static IReadOnlyList<string> NextSteps(HolderPageModel m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var closing = "La clôture de l'appel est le " + French.DateTime(m.Campaign.Deadline.LastAcceptedInstant) + ".";
        var jury = "Le jury rend son avis avant le " + French.Date(m.Campaign.JuryDueAt()) + ", puis la Commission permanente décide de l'aide.";
        var beforeClose = m.Now < m.Campaign.Deadline.ClosesAt;
        return m.Dossier.Status switch
        {
            DossierStatus.Submitted => [.. Open(beforeClose, closing), "Les services de la Région vérifient l'éligibilité de votre dossier ; vous serez informé par courriel.", jury],
            DossierStatus.ChangesRequested => [
                "Les services de la Région vous demandent des compléments (ci-dessous) : envoyez le dossier complété avant la clôture de l'appel, sans quoi il sera jugé inéligible.",
                .. Open(beforeClose, closing)],
            DossierStatus.Eligible => [.. Open(beforeClose, closing), "Votre dossier est éligible : il sera examiné par le jury après la clôture.", jury],
            DossierStatus.Audition => ["Les services de la Région vous proposent une audition ; vous serez contacté.", jury],
            DossierStatus.Jury => [jury],
            DossierStatus.Cp => ["Le jury a rendu son avis : la Commission permanente décide de l'aide à sa prochaine séance ; vous serez informé par courriel."],
            DossierStatus.Granted => ["Déclarez la date de démarrage de l'action ci-dessous : le premier versement est alors ordonné."],
            DossierStatus.Started or DossierStatus.BilanDue => [
                m.Dossier.BilanDueAt is { } due ? "Bilan attendu avant le " + French.Date(due) + " : le solde est versé quand il est validé." : "Un bilan est attendu douze mois après le démarrage : le solde est versé quand il est validé."],
            DossierStatus.BilanSubmitted => ["Votre bilan est entre les mains des services de la Région ; le solde est versé quand il est validé."],
            DossierStatus.Closed => ["Votre dossier est clos : l'aide a été entièrement versée."],
            DossierStatus.Refused => ["La Commission permanente n'a pas retenu votre dossier ; la décision vous a été adressée par courriel."],
            DossierStatus.Ineligible => ["Votre dossier n'est pas éligible à cet appel ; les motifs vous ont été adressés par courriel."],
            DossierStatus.Withdrawn => ["Vous avez retiré votre dossier : il ne sera pas examiné."],
            _ => [],
        };
    }

    private static IEnumerable<string> Open(bool beforeClose, string closing) => beforeClose ? [closing] : [];

    /// <summary>A timeline event in words, as declared in <see cref="TimelineEvents"/>; an unknown one as it is.</summary>
    public static string Event(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TimelineEvents.Of(name)?.Label ?? name;
    }

    public static string Kind(string kind) => kind switch
    {
        "statutes" => "statuts",
        "annual-accounts" => "comptes annuels",
        "bilan-report" or "report" => "rapport de bilan",
        "annex" => "autre pièce",
        _ => kind,
    };

    public static string Size(long bytes) => bytes < 1024 * 1024
        ? Math.Max(1, (bytes + 1023) / 1024).ToString(Fr) + " Ko"
        : (bytes / (1024d * 1024d)).ToString("0.0", Fr) + " Mo";
}
