using System.Globalization;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Pages.Components.Staff;
using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Staff;
using Ami.Workflow.Steps;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages.Staff;

/// <summary>Everything the dossier's staff page shows.</summary>
public sealed record StaffDossierModel(
    StaffChrome Chrome,
    DossierRecord Dossier,
    Campaign Campaign,
    DossierSubmission? Submission,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<StepDecision> JurySheets,
    JuryReport? Jury,
    DecisionReport? Decision,
    IReadOnlyList<InstalmentView> Instalments,
    IReadOnlyList<PaymentEntry> Payments,
    JourneyStatus? Awaited,
    bool MayDecide)
{
    /// <summary>Who the <c>staff:{id}</c> actors of the timeline are.</summary>
    public IReadOnlyDictionary<string, string> People { get; init; } = new Dictionary<string, string>();

    /// <summary>What the dossier's journey waits for now (any step), and until when.</summary>
    public JourneyStatus? Journey { get; init; }

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Typed { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// <c>/gestion/dossiers/{id}</c>: the whole file (the call's sections, the attachments, the timeline with who did what,
/// the jury's sheets and their divergences, the decisions, the payments ledger), and the staff step the journey waits for
/// (validation, audition, bilan validation) decided right there through <see cref="StaffDecisions"/>: the mailed link's
/// rules and step row, so the page and a mailed link cannot both count, and the person signed in is the actor.
/// </summary>
public sealed class StaffDossierPages(
    StaffGuard guard,
    IDossierStore dossiers,
    ICampaignStore campaigns,
    ITimeline timeline,
    IActionStore actions,
    IDossierViewExtras extras,
    IPaymentLedger ledger,
    StaffDecisions decisions,
    StaffDirectory directory,
    Ami.Workflow.Exports.DossierArchive archive,
    PageRenderer pages)
{
    /// <summary><c>GET /gestion/dossiers/{dossierId}/fichiers.zip</c>: the dossier's safe files and their summary, streamed.</summary>
    public async Task<IResult> ZipAsync(HttpRequest request, string dossierId, CancellationToken cancellationToken)
    {
        var (chrome, refusal) = await guard.ForGetAsync(request, StaffPages.AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        var dossier = await dossiers.GetAsync(dossierId, cancellationToken);
        return dossier is null ? await NotFoundAsync(chrome) : archive.Zip(dossier);
    }

    /// <summary><c>GET /gestion/dossiers/{dossierId}</c>.</summary>
    public async Task<IResult> ShowAsync(HttpRequest request, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (chrome, refusal) = await guard.ForGetAsync(request, StaffPages.AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        var model = await ModelAsync(chrome!, dossierId, client, cancellationToken);
        return model is null
            ? await NotFoundAsync(chrome)
            : await pages.PageAsync<StaffDossier>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["M"] = model });
    }

    /// <summary><c>POST /gestion/dossiers/{dossierId}/decision</c>: <c>step</c>, <c>attempt</c>, <c>decision</c>, <c>comment</c>, <c>audition</c>.</summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (chrome, form, refusal) = await guard.ForPostAsync(request, cancellationToken, StaffRole.Instruction);
        if (refusal is not null)
        {
            return refusal;
        }

        var step = form!["step"].ToString();
        if (StepCatalog.Of(step)?.StaffPage is null
            || !int.TryParse(form["attempt"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt is < 1 or > 100)
        {
            return await guard.MessageAsync(chrome, StatusCodes.Status400BadRequest, "Demande incomplète", ["Ce formulaire ne dit pas quelle étape décider. Rechargez la page du dossier."], StaffPageRoutes.DossierPath(dossierId), "Retour au dossier");
        }

        var body = await ActionBody.ReadAsync(request, cancellationToken);
        var result = await decisions.DecideAsync(dossierId, step, attempt, chrome!.Person, body, client, cancellationToken);
        var back = StaffPageRoutes.DossierPath(dossierId);
        switch (result.Kind)
        {
            case ActionResultKind.Ok:
                return await guard.MessageAsync(chrome, StatusCodes.Status200OK, "Décision enregistrée",
                    [$"{StepTitle(step)} du dossier {result.Context!.Dossier.Reference} : {DecisionLabel(result.Decision!.Decision)}.",
                     $"Elle est enregistrée à votre nom ({chrome.Person.Name}) ; le porteur en est informé par courriel."], back, "Retour au dossier");
            case ActionResultKind.NotFound:
                return await NotFoundAsync(chrome);
            case ActionResultKind.Invalid:
                var model = await ModelAsync(chrome, dossierId, client, cancellationToken);
                if (model is null)
                {
                    return await NotFoundAsync(chrome);
                }

                model = model with
                {
                    Errors = result.Errors!.GroupBy(e => e.Field.Length == 0 ? "decision" : e.Field).ToDictionary(g => g.Key, g => g.First().Message),
                    Typed = new Dictionary<string, string> { [StepFields.Decision] = body.Decision ?? "", [StepFields.Comment] = body.Comment ?? "", [StepFields.Audition] = body[StepFields.Audition] ?? "" },
                };
                return await pages.PageAsync<StaffDossier>(StatusCodes.Status400BadRequest, new Dictionary<string, object?> { ["M"] = model });
            default:
                var who = result.DecidedBy is { } by ? $"Décidée par {by}." : "L'étape n'attend plus de décision (déjà décidée, ou le dossier a changé d'étape).";
                return await guard.MessageAsync(chrome, StatusCodes.Status409Conflict, "Déjà décidé",
                    [$"{StepTitle(step)} : rien n'a été enregistré. {who}"], back, "Retour au dossier");
        }
    }

    /// <summary>The title of a step on the staff page (<see cref="StepDefinition.StaffPage"/>); another as its id.</summary>
    public static string StepTitle(string step) => StepCatalog.Of(step)?.StaffPage?.Title ?? step;

    /// <summary>A decision as staff read it (<see cref="StepCatalog.OutcomeLabel"/>).</summary>
    public static string DecisionLabel(string decision) => StepCatalog.OutcomeLabel(decision);

    private Task<IResult> NotFoundAsync(StaffChrome? chrome) =>
        guard.MessageAsync(chrome, StatusCodes.Status404NotFound, "Dossier introuvable", ["Aucun dossier ne porte cet identifiant."], StaffPageRoutes.HomePath, "Retour aux campagnes");

    private async Task<StaffDossierModel?> ModelAsync(StaffChrome chrome, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var dossier = await dossiers.GetAsync(dossierId, cancellationToken);
        var campaign = dossier is null ? null : await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        if (dossier is null || campaign is null)
        {
            return null;
        }

        var sheets = new List<StepDecision>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var records = await actions.ListAsync(dossierId, JourneySteps.JuryScore, attempt, cancellationToken);
            if (records.Count == 0)
            {
                break;
            }

            sheets = [.. records.Where(r => r.Decision is not null && r.Status == ActionLinkStatus.Used).Select(r => r.Decision!).OrderBy(d => d.Actor, StringComparer.Ordinal)];
        }

        var entries = await timeline.ListAsync(dossierId, cancellationToken);
        var journey = await client.GetJourneyStatusAsync(dossierId, cancellationToken);
        var awaited = StaffDecisions.Decidable(journey);
        return new StaffDossierModel(
            chrome,
            dossier,
            campaign,
            await dossiers.GetSubmissionAsync(dossierId, cancellationToken),
            entries,
            sheets,
            dossier.JuryJson is { Length: > 0 } jury ? JsonSerializer.Deserialize<JuryReport>(jury, AmiJson.Options) : null,
            dossier.DecisionJson is { Length: > 0 } decision ? JsonSerializer.Deserialize<DecisionReport>(decision, AmiJson.Options) : null,
            await extras.GetInstalmentsAsync(dossier, cancellationToken),
            await ledger.ListAsync(dossierId, cancellationToken),
            awaited,
            awaited is not null && StepCatalog.Of(awaited.Step)?.StaffPage is { } page && chrome.Person.Has(page.Role))
        {
            Journey = journey,
            People = await directory.NamesAsync(entries.Select(e => e.Actor), cancellationToken),
        };
    }
}
