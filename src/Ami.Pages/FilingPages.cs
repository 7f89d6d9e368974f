using Ami.Pages.Components;
using Ami.Workflow.Http;
using Ami.Workflow.Intake;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.DurableTask.Client;

namespace Ami.Pages;

/// <summary>
/// "Déposer un dossier" (<c>/deposer/{campaignId}</c>). The POST goes through the API's own intake
/// (<see cref="DossierHandlers.SubmitAsync"/>): the form becomes the API's multipart (the JSON part
/// <c>dossier</c> and the files), with the form's own key as <c>Idempotency-Key</c>, so a double submission answers
/// the same dossier; the intake's answer becomes the success page or the form again with every field error.
/// </summary>
public sealed class FilingPages(DossierHandlers handlers, ICampaignStore campaigns, PageRenderer pages)
{
    public async Task<IResult> FormAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        return campaign is null
            ? await NoCampaignAsync()
            : await pages.PageAsync<Filing>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["F"] = new FilingForm { Campaign = campaign, RequestKey = Guid.NewGuid().ToString("N") } });
    }

    public async Task<IResult> SubmitAsync(HttpRequest request, string campaignId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return await NoCampaignAsync();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = campaign.Attachments.MaxDossierBytes + (4L * 1024 * 1024);
        }

        var posted = await HolderPages.ReadFormAsync(request, cancellationToken);
        if (posted is null)
        {
            return await pages.MessageAsync(StatusCodes.Status400BadRequest, "Envoi non lisible", ["Le formulaire n'a pas pu être lu. Rechargez la page et recommencez."], "erreur", "/deposer/" + Uri.EscapeDataString(campaignId), "Revenir au formulaire");
        }

        var form = FilingForm.FromPost(posted, campaign);

        var files = posted.Files.Where(f => f.Length > 0 && f.Name is PartNames.Statutes or PartNames.AnnualAccounts or PartNames.Annex)
            .Select(f => new ApiForward.FilePart(f.Name, f.FileName, f.ContentType, f.OpenReadStream));
        await ApiForward.AsDossierMultipartAsync(request, form.ToDossierJson(), files, form.RequestKey, cancellationToken);

        var (status, answer, _) = await ApiForward.RunAsync(await handlers.SubmitAsync(request, campaignId, client), request.HttpContext);
        if (status == StatusCodes.Status201Created && answer.TryGetProperty("reference", out var reference))
        {
            return await pages.MessageAsync(StatusCodes.Status200OK, "Dossier déposé",
                [$"Votre dossier est enregistré sous la référence {reference.GetString()}.",
                 $"Un accusé de réception vient d'être envoyé à {form.Value("contact.email")}, avec votre lien personnel : il vous permet de suivre le dossier et d'y agir. Conservez ce courriel."],
                "ok", null);
        }

        ApiForward.AddErrors(form, answer, "Le dépôt n'a pas abouti ; réessayez dans quelques minutes.");
        form.RequestKey = Guid.NewGuid().ToString("N"); // the corrected form is another request
        return await pages.PageAsync<Filing>(status is >= 400 and < 500 ? status : StatusCodes.Status400BadRequest, new Dictionary<string, object?> { ["F"] = form });
    }

    private Task<IResult> NoCampaignAsync() =>
        pages.MessageAsync(StatusCodes.Status404NotFound, "Appel introuvable", ["Cet appel à manifestation d'intérêt n'existe pas. Vérifiez l'adresse de la page."], "erreur");
}
