using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.Json;
using Ami.Pages.Components;
using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Links;
using Ami.Workflow.Http;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages;

/// <summary>
/// "Mon dossier" and its actions, from the holder's personal link (<see cref="HolderLinks"/>). A GET only shows;
/// each action is a POST form that acts once through <see cref="HolderHandlers"/>, as the API does. The link's token
/// is the credential and the anti-forgery token at once: it is in the form's action, unknown to another site, and
/// no cookie is used (so there is no ambient credential to forge with); a cross-site Origin is refused too.
/// </summary>
public sealed class HolderPages(
    HolderLinks links,
    IDossierStore dossiers,
    ICampaignStore campaigns,
    ITimeline timeline,
    IDossierViewExtras extras,
    HolderHandlers holder,
    FileLinks files,
    IActionStore actions,
    PageRenderer pages,
    TimeProvider clock)
{
    private const string AlreadyTitle = "Déjà enregistré";

    /// <summary><c>GET /mon-dossier/{token}</c>.</summary>
    public async Task<IResult> ShowAsync(string token, CancellationToken cancellationToken)
    {
        var (dossier, refusal) = await OpenAsync(token, cancellationToken);
        return refusal ?? await RenderAsync(token, dossier!, StatusCodes.Status200OK, null, null, cancellationToken);
    }

    /// <summary><c>POST /mon-dossier/{token}/demarrage</c>: the start date (form field <c>startDate</c>, AAAA-MM-JJ).</summary>
    public async Task<IResult> StartAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (dossier, refusal) = await OpenForPostAsync(request, token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = await ReadFormAsync(request, cancellationToken);
        var typed = form?["startDate"].ToString().Trim() ?? "";
        if (!DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            var error = typed.Length == 0 ? "Indiquez la date de démarrage de l'action." : "Date attendue au format JJ/MM/AAAA (par exemple 01/10/2015).";
            return await RenderAsync(token, dossier!, StatusCodes.Status400BadRequest, new Dictionary<string, string> { ["startDate"] = error }, typed, cancellationToken);
        }

        var move = await holder.DeclareStartAsync(dossier!, start, client, cancellationToken);
        return move.Outcome switch
        {
            HolderMoveOutcome.Invalid => await RenderAsync(token, dossier!, StatusCodes.Status400BadRequest, move.Errors.ToDictionary(e => e.Field, e => e.Message), typed, cancellationToken),
            HolderMoveOutcome.Done => await pages.MessageAsync(StatusCodes.Status200OK, "Démarrage enregistré",
                [$"La date de démarrage de votre action ({Workflow.Mail.French.Date(start)}) est enregistrée.", "Le premier versement va être ordonné ; un courriel vous le confirme."], "ok", PageRoutes.MyDossierPath(token)),
            _ => await AlreadyAsync(token, "Le démarrage de cette action est déjà enregistré, ou il ne peut pas être déclaré maintenant."),
        };
    }

    /// <summary><c>POST /mon-dossier/{token}/bilan</c>: the report file, the amounts spent by category, the summary.</summary>
    public async Task<IResult> BilanAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (dossier, refusal) = await OpenForPostAsync(request, token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = await ReadFormAsync(request, cancellationToken);
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var spent = new JsonArray();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (category, label) in FilingForm.ExpenseCategories)
        {
            var value = form?["spent." + category].ToString().Trim() ?? "";
            typed["spent." + category] = value;
            if (value.Length == 0)
            {
                continue;
            }

            if (FrenchAmount.TryParse(value, out var amount))
            {
                spent.Add(new JsonObject { ["category"] = category, ["amount"] = amount });
            }
            else
            {
                errors.TryAdd("spent", $"{label} : montant attendu en euros, par exemple 12 000,50.");
            }
        }

        typed["summary"] = form?["summary"].ToString() ?? "";
        var bilan = new JsonObject { ["spent"] = spent, ["summary"] = typed["summary"] };
        HolderMoveResult move;
        if (errors.Count > 0)
        {
            move = new HolderMoveResult(HolderMoveOutcome.Invalid, []);
        }
        else
        {
            move = await holder.HandInBilanAsync(dossier!, form?.Files.GetFile("report"), bilan.ToJsonString(), client, cancellationToken);
        }

        foreach (var e in move.Errors)
        {
            errors.TryAdd(e.Field.StartsWith("spent", StringComparison.Ordinal) ? "spent" : e.Field is "report" or "summary" ? e.Field : "spent", e.Message);
        }

        return move.Outcome switch
        {
            HolderMoveOutcome.Done => await pages.MessageAsync(StatusCodes.Status200OK, "Bilan remis",
                ["Votre bilan est enregistré. Les services de la Région l'examinent ; le solde est versé quand il est validé.", "Un courriel vous le confirme."], "ok", PageRoutes.MyDossierPath(token)),
            HolderMoveOutcome.Invalid => await RenderAsync(token, dossier!, StatusCodes.Status400BadRequest, null, null, cancellationToken, errors, typed),
            _ => await AlreadyAsync(token, "Un bilan est déjà remis et en cours d'examen, ou il ne peut pas être remis maintenant."),
        };
    }

    /// <summary><c>GET /mon-dossier/{token}/retrait</c>: the confirmation step (nothing happens).</summary>
    public async Task<IResult> ConfirmWithdrawAsync(string token, CancellationToken cancellationToken)
    {
        var (dossier, refusal) = await OpenAsync(token, cancellationToken);
        return refusal ?? await pages.PageAsync<WithdrawConfirm>(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["Token"] = token,
            ["Reference"] = dossier!.Reference,
            ["ActionTitle"] = dossier.ActionTitle,
        });
    }

    /// <summary><c>POST /mon-dossier/{token}/retrait</c> with <c>confirm=oui</c>: withdraws, once.</summary>
    public async Task<IResult> WithdrawAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (dossier, refusal) = await OpenForPostAsync(request, token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = await ReadFormAsync(request, cancellationToken);
        if (form?["confirm"].ToString() != "oui")
        {
            return await ConfirmWithdrawAsync(token, cancellationToken);
        }

        var move = await holder.WithdrawDossierAsync(dossier!.DossierId, client, cancellationToken);
        return move.Outcome == HolderMoveOutcome.Done
            ? await pages.MessageAsync(StatusCodes.Status200OK, "Dossier retiré", [$"Le retrait du dossier {dossier.Reference} est enregistré. Un courriel vous le confirme."], "ok", PageRoutes.MyDossierPath(token))
            : await AlreadyAsync(token, "Ce dossier est déjà retiré, ou il ne peut plus l'être (il est clos, refusé ou inéligible).");
    }

    internal Task<IResult> AlreadyAsync(string token, string line) =>
        pages.MessageAsync(StatusCodes.Status409Conflict, AlreadyTitle, [line, "Rien n'a été modifié."], "", PageRoutes.MyDossierPath(token));

    private async Task<IResult> RenderAsync(string token, DossierRecord dossier, int status, IReadOnlyDictionary<string, string>? startErrors, string? startTyped, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? bilanErrors = null, IReadOnlyDictionary<string, string>? bilanTyped = null)
    {
        var campaign = await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        if (campaign is null)
        {
            return await BadLinkAsync();
        }

        var (from, to) = holder.StartRange(dossier);
        var model = new HolderPageModel(
            token,
            dossier,
            campaign,
            await timeline.ListAsync(dossier.DossierId, cancellationToken),
            await extras.GetInstalmentsAsync(dossier, cancellationToken),
            dossier.DecisionJson is { Length: > 0 } json ? JsonSerializer.Deserialize<DecisionReport>(json, AmiJson.Options) : null,
            from,
            to,
            clock.GetUtcNow())
        {
            FileHrefs = dossier.Attachments.ToDictionary(a => a.Id, a => FileHref(token, dossier, a)),
            ChangesRequest = dossier.Status == Domain.States.DossierStatus.ChangesRequested ? await LatestChangesRequestAsync(dossier.DossierId, cancellationToken) : null,
            StartErrors = startErrors ?? new Dictionary<string, string>(),
            StartTyped = startTyped,
            BilanErrors = bilanErrors ?? new Dictionary<string, string>(),
            BilanTyped = bilanTyped ?? new Dictionary<string, string>(),
        };
        return await pages.PageAsync<MyDossier>(status, new Dictionary<string, object?> { ["M"] = model });
    }

    internal async Task<(DossierRecord? Dossier, IResult? Refusal)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var check = links.Verify(token, clock.GetUtcNow(), out var dossierId);
        if (check == LinkCheck.Expired)
        {
            return (null, await pages.MessageAsync(StatusCodes.Status410Gone, "Ce lien a expiré",
                ["Ce lien personnel n'est plus valable.", "Demandez-en un nouveau : il sera envoyé à l'adresse de contact du dossier."], "erreur", "/lien-perdu", "Recevoir un nouveau lien"));
        }

        var dossier = check == LinkCheck.Valid ? await dossiers.GetAsync(dossierId!, cancellationToken) : null;
        return dossier is null ? (null, await BadLinkAsync()) : (dossier, null);
    }

    internal async Task<(DossierRecord? Dossier, IResult? Refusal)> OpenForPostAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        if (!SameOrigin(request))
        {
            return (null, await pages.MessageAsync(StatusCodes.Status403Forbidden, "Demande refusée", ["Ce formulaire doit être envoyé depuis la page de votre dossier."], "erreur"));
        }

        return await OpenAsync(token, cancellationToken);
    }

    /// <summary>
    /// A short-lived download link to one of the holder's files (made afresh with each page), or null for a file that
    /// is not offered: one the antivirus found infected.
    /// </summary>
    internal string? FileHref(string token, DossierRecord dossier, AttachmentInfo attachment) =>
        attachment.Scan == Domain.Scanning.ScanState.Infected ? null : files.Path(dossier.DossierId, attachment.Id, clock.GetUtcNow());

    /// <summary>The staff's latest change request on the dossier's eligibility (the last validation that asked for changes).</summary>
    internal async Task<StepDecision?> LatestChangesRequestAsync(string dossierId, CancellationToken cancellationToken)
    {
        StepDecision? latest = null;
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var decision = await actions.GetStepDecisionAsync(dossierId, Workflow.Orchestrations.JourneySteps.Validation, attempt, cancellationToken);
            if (decision is null)
            {
                break;
            }

            if (decision.Decision == Workflow.Orchestrations.JourneyDecisions.ChangesRequested)
            {
                latest = decision;
            }
        }

        return latest;
    }

    private Task<IResult> BadLinkAsync() =>
        pages.MessageAsync(StatusCodes.Status404NotFound, "Lien non valable",
            ["Ce lien ne permet pas d'ouvrir un dossier. Vérifiez qu'il a été copié en entier depuis le courriel reçu.", "Vous pouvez aussi demander un nouveau lien personnel."],
            "erreur", "/lien-perdu", "Recevoir un nouveau lien");

    /// <summary>
    /// A browser's cross-site POST carries an Origin of another host: refused. No Origin (curl) or an opaque
    /// <c>null</c> one (privacy settings) is accepted: the link's token decides.
    /// </summary>
    internal static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null")
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
