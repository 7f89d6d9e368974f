using Ami.Domain.Scanning;
using Ami.Workflow.Actions;
using Ami.Workflow.Http;
using Ami.Workflow.Ports;
using Ami.Workflow.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages.Workspaces;

/// <summary>
/// The juror's workspace pages (<see cref="JurorRoutes"/>). A GET only shows. The POST of a dossier's form saves the
/// grid in progress (<c>enregistrer</c>), or records it (<c>valider</c>) or the conflict of interest (<c>conflit</c>)
/// through the dossier's <c>jury-score</c> action. As on the holder's pages, the link's token is the credential and
/// the anti-forgery token at once (in the form's address, no cookie), and a cross-site Origin is refused.
/// </summary>
public sealed class JurorPages(
    JurorWorkspace workspace,
    IDossierStore dossiers,
    IAttachmentLinks attachmentLinks,
    PageRenderer pages)
{
    /// <summary><c>GET /jury/{token}</c>.</summary>
    public async Task<IResult> ListAsync(string token, CancellationToken cancellationToken)
    {
        var (refusal, campaign, juror) = await workspace.OpenAsync(token, cancellationToken);
        if (refusal != WorkspaceRefusal.None)
        {
            return await RefusedAsync(refusal, token);
        }

        var overview = await workspace.ListAsync(campaign!, juror, cancellationToken);
        return await pages.PageAsync<JurorList>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["O"] = overview, ["Token"] = token });
    }

    /// <summary><c>GET /jury/{token}/dossiers/{dossierId}</c>.</summary>
    public async Task<IResult> DossierAsync(string token, string dossierId, CancellationToken cancellationToken)
    {
        var (refusal, campaign, juror) = await workspace.OpenAsync(token, cancellationToken);
        if (refusal != WorkspaceRefusal.None)
        {
            return await RefusedAsync(refusal, token);
        }

        var item = await workspace.DossierAsync(campaign!, juror, dossierId, cancellationToken);
        if (item is null)
        {
            return await RefusedAsync(WorkspaceRefusal.NotYours, token);
        }

        return await RenderAsync(token, campaign!, juror, item, StatusCodes.Status200OK, null, null, [], null, cancellationToken);
    }

    /// <summary><c>POST /jury/{token}/dossiers/{dossierId}</c>: <c>action</c>, <c>scores.{key}</c>, <c>comment</c>, <c>confirm</c>.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, string token, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HolderPages.SameOrigin(request))
        {
            return await pages.MessageAsync(StatusCodes.Status403Forbidden, "Demande refusée", ["Ce formulaire doit être envoyé depuis la page du dossier."], "erreur");
        }

        var (refusal, campaign, juror) = await workspace.OpenAsync(token, cancellationToken);
        if (refusal != WorkspaceRefusal.None)
        {
            return await RefusedAsync(refusal, token);
        }

        var item = await workspace.DossierAsync(campaign!, juror, dossierId, cancellationToken);
        if (item is null)
        {
            return await RefusedAsync(WorkspaceRefusal.NotYours, token);
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var action = form?["action"].ToString() ?? "";
        var typed = form?.Keys.Where(k => k.StartsWith("scores.", StringComparison.Ordinal))
            .ToDictionary(k => k["scores.".Length..], k => form[k].ToString(), StringComparer.Ordinal) ?? [];
        var comment = form?["comment"].ToString();
        if (item.Done || item.Closed)
        {
            return await RenderAsync(token, campaign!, juror, item, StatusCodes.Status409Conflict, null, null, [], item.Done ? "Votre réponse sur ce dossier est déjà enregistrée : rien n'a été modifié." : "Le jury de ce dossier est clos : rien n'a été enregistré.", cancellationToken);
        }

        switch (action)
        {
            case "enregistrer":
            {
                var errors = await workspace.SaveDraftAsync(item, typed, comment, cancellationToken);
                if (errors.Count > 0)
                {
                    return await RenderAsync(token, campaign!, juror, item, StatusCodes.Status400BadRequest, typed, comment, [.. errors.Select(e => (e.Field, e.Message))], "Votre grille n'est pas enregistrée : corrigez les notes signalées.", cancellationToken);
                }

                var saved = await workspace.DossierAsync(campaign!, juror, dossierId, cancellationToken) ?? item;
                var count = saved.Draft?.Scores.Count ?? 0;
                return await RenderAsync(token, campaign!, juror, saved, StatusCodes.Status200OK, null, null, [], $"Grille enregistrée ({Workflow.Mail.French.Count(count, "critère noté", "critères notés")} sur {item.Dossier.JuryGrid.Criteria.Count}). Elle ne compte qu'une fois validée.", cancellationToken);
            }

            case "valider" or "conflit":
            {
                if (action == "conflit" && form?["confirm"].ToString() != "oui")
                {
                    return await RenderAsync(token, campaign!, juror, item, StatusCodes.Status400BadRequest, typed, comment, [("confirm-conflict", "Cochez la case pour confirmer le conflit d'intérêts.")], "Le conflit d'intérêts n'est pas déclaré.", cancellationToken);
                }

                var body = new ActionBody
                {
                    Decision = action == "conflit" ? Workflow.Orchestrations.JourneyDecisions.Conflict : Workflow.Orchestrations.JourneyDecisions.Scored,
                    Scores = action == "conflit" ? null : typed.Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                    Comment = string.IsNullOrWhiteSpace(comment) ? null : comment,
                };
                if (action == "valider")
                {
                    // Keep what was typed, even when the sheet is refused: nothing the juror chose is lost.
                    var (partial, _) = JurorWorkspace.ReadPartial(item.Dossier.JuryGrid, typed);
                    if (partial.Count > 0)
                    {
                        await workspace.SaveDraftAsync(item, partial.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), comment, cancellationToken);
                    }
                }

                var result = await workspace.SubmitAsync(item, body, client, cancellationToken);
                if (result.Kind == ActionResultKind.Ok)
                {
                    var done = await workspace.DossierAsync(campaign!, juror, dossierId, cancellationToken) ?? item;
                    return await RenderAsync(token, campaign!, juror, done, StatusCodes.Status200OK, null, null, [],
                        action == "conflit" ? "Votre conflit d'intérêts est enregistré : vous ne notez pas ce dossier." : "Votre grille est validée et enregistrée. Merci.", cancellationToken);
                }

                if (result.Kind == ActionResultKind.Invalid)
                {
                    var errors = (result.Errors ?? []).Select(e => (e.Field.Length == 0 || e.Field == "scores" ? "scores." + item.Dossier.JuryGrid.Keys[0] : e.Field, e.Message)).ToList();
                    return await RenderAsync(token, campaign!, juror, item, StatusCodes.Status400BadRequest, typed, comment, errors, "Votre grille n'est pas validée : corrigez les points signalés.", cancellationToken);
                }

                var now = await workspace.DossierAsync(campaign!, juror, dossierId, cancellationToken) ?? item;
                return await RenderAsync(token, campaign!, juror, now, StatusCodes.Status409Conflict, null, null, [], ActionPage.Explain(result), cancellationToken);
            }

            default:
                return await RenderAsync(token, campaign!, juror, item, StatusCodes.Status400BadRequest, typed, comment, [("scores." + item.Dossier.JuryGrid.Keys[0], "Choisissez « Enregistrer » ou « Valider ma grille ».")], "Rien n'a été enregistré.", cancellationToken);
        }
    }

    private async Task<IResult> RenderAsync(
        string token,
        Ami.Domain.Campaigns.Campaign campaign,
        int juror,
        JurorDossier item,
        int status,
        IReadOnlyDictionary<string, string>? typed,
        string? comment,
        IReadOnlyList<(string Field, string Message)> errors,
        string? notice,
        CancellationToken cancellationToken)
    {
        var overview = await workspace.ListAsync(campaign, juror, cancellationToken);
        var links = new List<AttachmentLink>();
        foreach (var a in item.Dossier.Attachments)
        {
            // Nobody but the holder opens a file the antivirus has not found safe: no link, the state instead.
            var url = AttachmentScanRules.MayBeOpenedByOthers(a.Scan) ? await attachmentLinks.ReadLinkAsync(a.BlobName, ActionHandlers.AttachmentLinkValidity, cancellationToken) : null;
            links.Add(new AttachmentLink(a.Kind, a.Name, a.Size, url, a.Scan));
        }

        var shown = typed
            ?? (item.Draft?.Scores.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal));
        var model = new JurorSheetModel(token, overview, item, await dossiers.GetSubmissionAsync(item.Dossier.DossierId, cancellationToken), links, await workspace.OthersAsync(item, cancellationToken))
        {
            Typed = shown,
            Comment = comment ?? item.Draft?.Comment,
            Errors = errors,
            Notice = notice,
        };
        return await pages.PageAsync<JurorSheet>(status, new Dictionary<string, object?> { ["M"] = model });
    }

    private Task<IResult> RefusedAsync(WorkspaceRefusal refusal, string token) => refusal switch
    {
        WorkspaceRefusal.Expired => pages.MessageAsync(StatusCodes.Status410Gone, "Ce lien a expiré",
            ["Ce lien personnel vers vos dossiers à évaluer n'est plus valable.", "Les services de la Région vous en enverront un nouveau : répondez au dernier courriel reçu."], "erreur"),
        WorkspaceRefusal.NotYours => pages.MessageAsync(StatusCodes.Status404NotFound, "Dossier introuvable",
            ["Ce dossier n'est pas de l'appel de votre lien, ou il ne vous est pas confié pour évaluation."], "erreur", JurorRoutes.ListPath(token), "Retour à mes dossiers à évaluer"),
        _ => pages.MessageAsync(StatusCodes.Status404NotFound, "Lien non valable",
            ["Ce lien ne permet pas d'ouvrir un espace de juré. Vérifiez qu'il a été copié en entier depuis le courriel reçu."], "erreur"),
    };
}
