using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Pages.Components;
using Ami.Workflow.Http;
using Ami.Workflow.Intake;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;

namespace Ami.Pages;

/// <summary>
/// "Compléter mon dossier" (<c>/mon-dossier/{token}/complements</c>): the answer to the staff's change request.
/// The GET shows the request and the dossier form prefilled with the filed values; the POST goes through the API's
/// own replacement (<see cref="DossierHandlers.ResubmitFromHolderPageAsync"/>, the handler of <c>PUT /api/dossiers/{id}</c>)
/// with the form's own key as <c>Idempotency-Key</c>, so a second send of the same form answers the first result and
/// replaces nothing again. Files already filed are kept (sent again from storage) unless files of their kind are chosen.
/// </summary>
public sealed class ChangesPages(
    HolderPages holder,
    IDossierStore dossiers,
    ICampaignStore campaigns,
    IAttachmentContent contents,
    DossierHandlers handlers,
    PageRenderer pages)
{
    private static readonly string[] FileKinds = [PartNames.Statutes, PartNames.AnnualAccounts, PartNames.Annex];

    /// <summary><c>GET /mon-dossier/{token}/complements</c>.</summary>
    public async Task<IResult> FormAsync(string token, CancellationToken cancellationToken)
    {
        var (dossier, refusal) = await holder.OpenAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (dossier!.Status != DossierStatus.ChangesRequested)
        {
            return await NotAskedAsync(token);
        }

        var form = await NewFormAsync(token, dossier, cancellationToken);
        if (form is null)
        {
            return await NotAskedAsync(token);
        }

        form.Prefill((await dossiers.GetSubmissionAsync(dossier.DossierId, cancellationToken)) is { } filed ? JsonSerializer.SerializeToNode(filed, AmiJson.Options) : null);
        return await pages.PageAsync<Filing>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["F"] = form });
    }

    /// <summary><c>POST /mon-dossier/{token}/complements</c>: replaces the dossier once, through the API's handler.</summary>
    public async Task<IResult> SubmitAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (dossier, refusal) = await holder.OpenForPostAsync(request, token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var campaign = await campaigns.GetAsync(dossier!.CampaignId, cancellationToken);
        if (campaign is null)
        {
            return await NotAskedAsync(token);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = campaign.Attachments.MaxDossierBytes + (4L * 1024 * 1024);
        }

        var posted = await HolderPages.ReadFormAsync(request, cancellationToken);
        if (posted is null)
        {
            return await pages.MessageAsync(StatusCodes.Status400BadRequest, "Envoi non lisible", ["Le formulaire n'a pas pu être lu. Rechargez la page et recommencez."], "erreur", PageRoutes.MyDossierPath(token));
        }

        var typed = FilingForm.FromPost(posted, campaign);

        // The chosen files replace the filed ones of their kind; the other kinds are sent again from storage.
        var chosen = posted.Files.Where(f => f.Length > 0 && FileKinds.Contains(f.Name)).ToList();
        var files = chosen.Select(f => new ApiForward.FilePart(f.Name, f.FileName, f.ContentType, f.OpenReadStream)).ToList();
        var opened = new List<Stream>();
        try
        {
            foreach (var kept in dossier.Attachments.Where(a => FileKinds.Contains(a.Kind) && !chosen.Any(c => c.Name == a.Kind)))
            {
                var stream = await contents.OpenReadAsync(kept, cancellationToken);
                if (stream is not null)
                {
                    opened.Add(stream);
                    files.Add(new ApiForward.FilePart(kept.Kind, kept.Name, kept.ContentType, () => stream));
                }
            }

            await ApiForward.AsDossierMultipartAsync(request, typed.ToDossierJson(), files, typed.RequestKey, cancellationToken);
        }
        finally
        {
            foreach (var stream in opened)
            {
                await stream.DisposeAsync();
            }
        }

        var (status, answer, headers) = await ApiForward.RunAsync(await handlers.ResubmitFromHolderPageAsync(request, dossier.DossierId, client), request.HttpContext);
        if (status == StatusCodes.Status200OK)
        {
            return headers.ContainsKey("Idempotent-Replayed")
                ? await holder.AlreadyAsync(token, "Ce dossier complété a déjà été envoyé ; il est de nouveau entre les mains des services de la Région.")
                : await pages.MessageAsync(StatusCodes.Status200OK, "Dossier complété",
                    [$"Votre dossier {dossier.Reference} complété est enregistré. Les services de la Région l'examinent à nouveau.", "Un courriel vous le confirme."], "ok", PageRoutes.MyDossierPath(token));
        }

        var code = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("code", out var c) ? c.GetString() : null;
        if (status == StatusCodes.Status409Conflict && code is "not-waiting")
        {
            return await holder.AlreadyAsync(token, "Le dossier n'attend plus de compléments : ils ont déjà été envoyés, ou le délai est passé.");
        }

        var form = await NewFormAsync(token, dossier, cancellationToken);
        if (form is null)
        {
            return await holder.AlreadyAsync(token, "Le dossier n'attend plus de compléments.");
        }

        foreach (var (key, value) in typed.Values)
        {
            form.Values[key] = value;
        }

        form.FilesToChooseAgain = typed.FilesToChooseAgain;
        ApiForward.AddErrors(form, answer, "L'envoi n'a pas abouti ; réessayez dans quelques minutes.");
        return await pages.PageAsync<Filing>(status is >= 400 and < 500 ? status : StatusCodes.Status400BadRequest, new Dictionary<string, object?> { ["F"] = form });
    }

    /// <summary>The change-request form of a dossier (no values yet), or null when no change request is found.</summary>
    private async Task<FilingForm?> NewFormAsync(string token, DossierRecord dossier, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        var request = await holder.LatestChangesRequestAsync(dossier.DossierId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        return new FilingForm
        {
            Campaign = campaign,
            RequestKey = Guid.NewGuid().ToString("N"),
            Mode = FilingFormMode.Changes,
            Action = PageRoutes.MyDossierPath(token) + "/complements",
            Reference = dossier.Reference,
            StaffRequest = request?.Comment is { Length: > 0 } comment ? comment : "Les services de la Région vous demandent de compléter votre dossier (voir le courriel reçu).",
            KeptFiles = [.. dossier.Attachments.Where(a => FileKinds.Contains(a.Kind)).Select(a => new KeptFile(a.Kind, a.Name, a.Size, holder.FileHref(token, dossier, a)))],
        };
    }

    private Task<IResult> NotAskedAsync(string token) =>
        pages.MessageAsync(StatusCodes.Status409Conflict, "Aucun complément demandé", ["Votre dossier n'attend pas de compléments en ce moment.", "Rien n'a été modifié."], "", PageRoutes.MyDossierPath(token));
}
