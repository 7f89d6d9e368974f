using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Domain.Scanning;
using Ami.Domain.Scoring;
using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;

namespace Ami.Workflow.Actions;

/// <summary>A file the page links to, with its short-lived read URL.</summary>
/// <param name="Url">A short-lived read link; null when the file is not safe (no link for anyone but the holder).</param>
/// <param name="Scan">The file's antivirus state, shown beside it.</param>
public sealed record AttachmentLink(string Kind, string Name, long Size, Uri? Url, ScanState Scan = ScanState.Safe);

/// <summary>
/// The small French HTML pages of action links: what the action is, for which dossier, the choices (a form that
/// POSTs to the same address), and the outcome. Everything shown is HTML-encoded.
/// </summary>
public static class ActionPage
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    // Escapes what HTML needs (< > & " ' and controls) but keeps French letters readable in the source.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The action page's title of a step (<see cref="StepDefinition.ActionTitle"/>); another as its id.</summary>
    public static string StepLabel(string step) => StepCatalog.Of(step)?.ActionTitle ?? step;

    /// <summary>A decision as the action page offers it (<see cref="StepCatalog.ChoiceLabel"/>).</summary>
    public static string DecisionLabel(string decision) => StepCatalog.ChoiceLabel(decision);

    /// <summary>The page of a link that can be used: the dossier, its files and the form of the step.</summary>
    public static string Form(ActionContext context, IReadOnlyList<AttachmentLink> attachments)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(attachments);
        var claims = context.Claims;
        var dossier = context.Dossier;
        var b = new StringBuilder();
        Head(b, context.Campaign.Title, StepLabel(claims.Step));
        b.Append("<dl>");
        Row(b, "Référence", dossier.Reference);
        Row(b, "Action", dossier.ActionTitle);
        Row(b, "Porteur", dossier.HolderName);
        Row(b, "Montant demandé", dossier.RequestedAmount.ToFrench());
        if (dossier.GrantedAmount is { } granted)
        {
            Row(b, "Montant attribué", granted.ToFrench());
        }

        b.Append("</dl>");

        if (attachments.Count > 0)
        {
            b.Append("<h3>Pièces du dossier</h3><ul>");
            foreach (var a in attachments)
            {
                b.Append("<li>");
                if (a.Url is { } url)
                {
                    b.Append("<a rel=\"noreferrer\" href=\"").Append(Html.Encode(url.AbsoluteUri)).Append("\">").Append(Html.Encode(a.Name)).Append("</a>");
                }
                else
                {
                    b.Append(Html.Encode(a.Name));
                }

                b.Append(" (").Append(Html.Encode(a.Kind)).Append(", ").Append(Html.Encode(Size(a.Size))).Append(") – <span class=\"scan scan-")
                    .Append(Html.Encode(a.Scan.ToString().ToLowerInvariant())).Append("\">antivirus : ").Append(Html.Encode(a.Scan.ToFrench())).Append("</span></li>");
            }

            b.Append("</ul><p class=\"note\">Ces liens de lecture sont valables 15 minutes : rechargez la page pour en obtenir de nouveaux. Un fichier n&#39;a de lien qu&#39;une fois analysé sain par l&#39;antivirus.</p>");
        }

        // The step's form, as the catalog declares it: what the page shows first, the form, then a second form.
        var form = StepCatalog.Of(claims.Step)?.Form ?? [FormPart.Choices];
        if (form.Contains(FormPart.JuryNotes))
        {
            Jury(b, dossier.JuryJson, dossier.JuryGrid);
        }

        if (form.Contains(FormPart.JuryOpinion))
        {
            Opinion(b, dossier.DecisionJson);
        }

        b.Append("<form method=\"post\">");
        if (form.Contains(FormPart.ScoreGrid))
        {
            ScoreForm(b, dossier.JuryGrid);
        }
        else
        {
            Choices(b, claims.Decisions, form);
        }

        b.Append("</form>");
        if (form.Contains(FormPart.ConflictDeclaration) && claims.Decisions.Contains(JourneyDecisions.Conflict))
        {
            b.Append("<form method=\"post\"><input type=\"hidden\" name=\"decision\" value=\"conflict\">")
                .Append("<p>Si vous avez un lien avec le porteur ou l'action, déclarez-le : vous ne noterez pas ce dossier.</p>")
                .Append("<button type=\"submit\">Je déclare un conflit d'intérêts</button></form>");
        }

        b.Append("<p class=\"note\">Ce lien vous est personnel et ne sert qu'une fois. Il expire le ")
            .Append(Html.Encode(When(claims.ExpiresAt))).Append(".</p>");
        Tail(b);
        return b.ToString();
    }

    /// <summary>The page after a decision was recorded.</summary>
    public static string Done(string campaignTitle, ActionClaims claims, string decision)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var b = new StringBuilder();
        Head(b, campaignTitle, StepLabel(claims.Step));
        b.Append("<p>Merci. Votre décision « ").Append(Html.Encode(DecisionLabel(decision))).Append(" » est enregistrée.</p>");
        Tail(b);
        return b.ToString();
    }

    /// <summary>The page of a link that cannot be used, or of a refused form.</summary>
    public static string Refusal(ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var b = new StringBuilder();
        Head(b, "AMI Innovation sociale", result.Claims is { } c ? StepLabel(c.Step) : "Lien d'action");
        b.Append("<p>").Append(Html.Encode(Explain(result))).Append("</p>");
        if (result.Errors is { Count: > 0 } errors)
        {
            b.Append("<ul class=\"errors\">");
            foreach (var e in errors)
            {
                b.Append("<li>").Append(Html.Encode(e.Field.Length > 0 ? e.Field + " : " + e.Message : e.Message)).Append("</li>");
            }

            b.Append("</ul><p>Revenez à la page précédente pour corriger le formulaire.</p>");
        }

        Tail(b);
        return b.ToString();
    }

    /// <summary>French explanation of a refusal (also the problem's detail); names who decided first when known.</summary>
    public static string Explain(ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result is { Code: "already-decided", Decision: { } first }
            ? $"{result.DecidedBy ?? first.Actor} a déjà pris la décision de cette étape, le {Http.Problems.French(first.DecidedAt)} : « {DecisionLabel(first.Decision)} »."
            : Explain(result.Code);
    }

    /// <summary>French explanation of a refusal code (also the problem's detail).</summary>
    public static string Explain(string? code) => code switch
    {
        "expired" => "Ce lien a expiré. Demandez un nouveau lien à l'équipe projet Innovation sociale.",
        "used" => "Ce lien a déjà été utilisé : une décision ne se donne qu'une fois.",
        "replaced" => "Un lien plus récent, envoyé en rappel, a remplacé celui-ci, et la décision a été enregistrée avec lui.",
        "cancelled" => "Ce lien n'est plus valable : le dossier a été retiré ou l'étape est close.",
        "already-decided" => "Une autre personne a déjà pris la décision de cette étape.",
        "step-closed" => "Cette étape du dossier est close : votre décision n'est plus attendue.",
        "invalid-decision" => "La décision n'a pas été enregistrée : le formulaire contient des erreurs.",
        _ => "Ce lien n'existe pas. Vérifiez qu'il a été copié en entier.",
    };

    /// <summary>The dossier's grid, frozen when its jury opened: a juror scores what the other jurors scored.</summary>
    private static void ScoreForm(StringBuilder b, ScoringGrid grid)
    {
        b.Append("<input type=\"hidden\" name=\"decision\" value=\"scored\">");
        b.Append("<p>Notez chacun des ").Append(grid.Criteria.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" repères de la grille de lecture, de ").Append(ScoringGrid.MinLevel.ToString(CultureInfo.InvariantCulture))
            .Append(" à ").Append(ScoringGrid.MaxLevel.ToString(CultureInfo.InvariantCulture)).Append(".</p>");
        foreach (var criterion in grid.Criteria)
        {
            b.Append("<fieldset><legend>").Append(Html.Encode(criterion.Label)).Append("</legend>");
            for (var level = 0; level < criterion.Levels.Count; level++)
            {
                var id = "s-" + criterion.Key + "-" + level.ToString(CultureInfo.InvariantCulture);
                b.Append("<label for=\"").Append(id).Append("\"><input required type=\"radio\" id=\"").Append(id)
                    .Append("\" name=\"scores.").Append(Html.Encode(criterion.Key)).Append("\" value=\"").Append(level.ToString(CultureInfo.InvariantCulture)).Append("\"> <strong>")
                    .Append(level.ToString(CultureInfo.InvariantCulture)).Append("</strong> – ").Append(Html.Encode(criterion.Levels[level])).Append("</label>");
            }

            b.Append("</fieldset>");
        }

        b.Append("<label for=\"comment\">Commentaire</label><textarea id=\"comment\" name=\"comment\" rows=\"5\" maxlength=\"5000\"></textarea>")
            .Append("<button type=\"submit\">Envoyer ma grille</button>");
    }

    private static void Choices(StringBuilder b, IReadOnlyList<string> decisions, IReadOnlyList<FormPart> form)
    {
        b.Append("<fieldset><legend>Décision</legend>");
        foreach (var d in decisions)
        {
            b.Append("<label><input required type=\"radio\" name=\"decision\" value=\"").Append(Html.Encode(d)).Append("\"> ")
                .Append(Html.Encode(DecisionLabel(d))).Append("</label>");
        }

        b.Append("</fieldset>");
        if (form.Contains(FormPart.AuditionProposal) && decisions.Contains(JourneyDecisions.Eligible))
        {
            b.Append("<fieldset><legend>Audition (facultative)</legend>")
                .Append("<label><input type=\"checkbox\" name=\"audition\" value=\"true\"> Convoquer le porteur à une audition</label>")
                .Append("<label for=\"auditionAt\">Date et heure (heure de Paris)</label><input type=\"datetime-local\" id=\"auditionAt\" name=\"auditionAt\">")
                .Append("<label for=\"auditionPlace\">Lieu</label><input type=\"text\" id=\"auditionPlace\" name=\"auditionPlace\" maxlength=\"300\">")
                .Append("</fieldset>");
        }

        if (form.Contains(FormPart.ProposedAmount))
        {
            b.Append("<label for=\"proposedAmount\">Montant proposé (€)</label><input type=\"text\" inputmode=\"decimal\" id=\"proposedAmount\" name=\"proposedAmount\" required>");
        }

        if (form.Contains(FormPart.GrantAmount))
        {
            b.Append("<label for=\"amount\">Montant attribué (€, si l'aide est attribuée)</label><input type=\"text\" inputmode=\"decimal\" id=\"amount\" name=\"amount\">")
                .Append("<label for=\"cpDate\">Date de la Commission permanente</label><input type=\"date\" id=\"cpDate\" name=\"cpDate\" required>");
        }

        b.Append("<label for=\"comment\">Commentaire (transmis au porteur quand la décision le concerne)</label>")
            .Append("<textarea id=\"comment\" name=\"comment\" rows=\"6\" maxlength=\"5000\"></textarea>")
            .Append("<button type=\"submit\">Enregistrer la décision</button>");
    }

    private static void Jury(StringBuilder b, string? juryJson, ScoringGrid grid)
    {
        if (string.IsNullOrEmpty(juryJson) || JsonSerializer.Deserialize<JuryReport>(juryJson, AmiJson.Options) is not { } jury)
        {
            return;
        }

        b.Append("<h3>Notes du jury</h3><p>")
            .Append(Mail.French.Count(jury.Sheets, "grille", "grilles")).Append(" ; total moyen ").Append(Html.Encode(Number(jury.MeanTotal)))
            .Append(" / ").Append(grid.MaxTotal.ToString(CultureInfo.InvariantCulture)).Append(" (de ").Append(Html.Encode(Number(jury.MinTotal))).Append(" à ").Append(Html.Encode(Number(jury.MaxTotal))).Append(").</p>")
            .Append("<table><thead><tr><th>Repère</th><th>Moyenne (0 à 3)</th></tr></thead><tbody>");
        foreach (var criterion in grid.Criteria)
        {
            if (jury.Means.TryGetValue(criterion.Key, out var mean))
            {
                b.Append("<tr><td>").Append(Html.Encode(criterion.Label)).Append(jury.Divergent.Contains(criterion.Key) ? " (avis divergents)" : "")
                    .Append("</td><td>").Append(Html.Encode(Number(mean))).Append("</td></tr>");
            }
        }

        b.Append("</tbody></table>");
    }

    private static void Opinion(StringBuilder b, string? decisionJson)
    {
        if (string.IsNullOrEmpty(decisionJson) || JsonSerializer.Deserialize<DecisionReport>(decisionJson, AmiJson.Options) is not { } report)
        {
            return;
        }

        b.Append("<h3>Avis du jury</h3><dl>");
        Row(b, "Avis", DecisionLabel(report.Opinion));
        if (report.ProposedAmount is { } proposed)
        {
            Row(b, "Montant proposé", proposed.ToFrench());
        }

        if (report.JuryConclusions is { Length: > 0 } conclusions)
        {
            Row(b, "Conclusions", conclusions);
        }

        b.Append("</dl>");
    }

    private static void Head(StringBuilder b, string title, string step)
    {
        b.Append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(Html.Encode(step)).Append(" – ").Append(Html.Encode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.4}")
            .Append("label{display:block;margin:.3rem 0}fieldset{margin:1rem 0}textarea,input[type=text]{width:100%}")
            .Append("dt{font-weight:bold}.note{color:#555;font-size:.9rem}.errors{color:#a00}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}</style>")
            .Append("</head><body><main><h1>").Append(Html.Encode(title)).Append("</h1><h2>").Append(Html.Encode(step)).Append("</h2>");
    }

    private static void Tail(StringBuilder b) => b.Append("</main></body></html>");

    private static void Row(StringBuilder b, string term, string value) =>
        b.Append("<dt>").Append(Html.Encode(term)).Append("</dt><dd>").Append(Html.Encode(value)).Append("</dd>");

    private static string Number(decimal value) => value.ToString("0.##", French);

    /// <summary>As the mails write it: <c>1er décembre 2026 à 21 h 15</c> (Paris).</summary>
    private static string When(DateTimeOffset instant) => Mail.French.DateTime(instant);

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.#", French) + " Mo"
        : Math.Max(1, bytes / 1024).ToString(French) + " Ko";
}
