using Ami.Pages.Components;
using Ami.Workflow.Actions;
using Ami.Workflow.Drafts;
using Ami.Workflow.Links;
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
public sealed class FilingPages(
    DossierHandlers handlers,
    ICampaignStore campaigns,
    IDraftStore drafts,
    DraftLinks draftLinks,
    DraftMailer draftMailer,
    PageRenderer pages,
    TimeProvider clock)
{
    /// <summary>Draft links mailed per address, and per client, in an hour (the address is typed by anyone).</summary>
    public const int MaxDraftMailsPerHour = 5;

    private readonly HourlyLimiter _draftMails = new(MaxDraftMailsPerHour);

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
        string? draftId = null;
        if (form.DraftToken is not null)
        {
            var check = draftLinks.Verify(form.DraftToken, clock.GetUtcNow(), out var draftCampaign, out draftId);
            if (check != LinkCheck.Valid || draftCampaign != campaign.Id)
            {
                return await BadDraftLinkAsync(check);
            }
        }

        if (posted["intent"].ToString() == "brouillon")
        {
            return await SaveDraftAsync(request, campaign, form, draftId, cancellationToken);
        }

        var files = posted.Files.Where(f => f.Length > 0 && f.Name is PartNames.Statutes or PartNames.AnnualAccounts or PartNames.Annex)
            .Select(f => new ApiForward.FilePart(f.Name, f.FileName, f.ContentType, f.OpenReadStream));
        await ApiForward.AsDossierMultipartAsync(request, form.ToDossierJson(), files, form.RequestKey, cancellationToken);

        var (status, answer, _) = await ApiForward.RunAsync(await handlers.SubmitAsync(request, campaignId, client), request.HttpContext);
        if (status == StatusCodes.Status201Created && answer.TryGetProperty("reference", out var reference))
        {
            if (draftId is not null)
            {
                // The draft is a dossier now: no more reminders, and its link says so.
                await drafts.MarkFiledAsync(campaign.Id, draftId, reference.GetString() ?? "", CancellationToken.None);
            }

            return await pages.MessageAsync(StatusCodes.Status200OK, "Dossier déposé",
                [$"Votre dossier est enregistré sous la référence {reference.GetString()}.",
                 $"Un accusé de réception vient d'être envoyé à {form.Value("contact.email")}, avec votre lien personnel : il vous permet de suivre le dossier et d'y agir. Conservez ce courriel."],
                "ok", null);
        }

        ApiForward.AddErrors(form, answer, "Le dépôt n'a pas abouti ; réessayez dans quelques minutes.");
        form.RequestKey = Guid.NewGuid().ToString("N"); // the corrected form is another request
        return await pages.PageAsync<Filing>(status is >= 400 and < 500 ? status : StatusCodes.Status400BadRequest, new Dictionary<string, object?> { ["F"] = form });
    }

    /// <summary><c>GET /brouillon/{token}</c>: the filing form prefilled with the draft (files are not kept).</summary>
    public async Task<IResult> ResumeAsync(string token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var check = draftLinks.Verify(token, now, out var campaignId, out var draftId);
        if (check != LinkCheck.Valid)
        {
            return await BadDraftLinkAsync(check);
        }

        var campaign = await campaigns.GetAsync(campaignId!, cancellationToken);
        var draft = campaign is null ? null : await drafts.GetAsync(campaignId!, draftId!, cancellationToken);
        if (campaign is null || draft is null)
        {
            return await BadDraftLinkAsync(LinkCheck.Invalid);
        }

        if (draft.FiledReference is not null)
        {
            return await pages.MessageAsync(StatusCodes.Status409Conflict, "Brouillon déjà déposé",
                [$"Ce brouillon a été déposé : le dossier porte la référence {draft.FiledReference}.", "Suivez-le avec le lien personnel reçu dans l'accusé de réception."], "", "/lien-perdu", "Retrouver le lien de mon dossier");
        }

        if (campaign.Deadline.IsPassed(now))
        {
            return await ClosedAsync(campaign);
        }

        var form = new FilingForm { Campaign = campaign, RequestKey = Guid.NewGuid().ToString("N"), DraftToken = token };
        foreach (var (key, value) in draft.Values)
        {
            form.Values[key] = value;
        }

        return await pages.PageAsync<Filing>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["F"] = form });
    }

    /// <summary>
    /// "Enregistrer le brouillon": keeps what was typed (not the files) and mails the personal draft link to the contact
    /// address typed, when the draft is new or that address changed. Before the deadline only; nothing is filed.
    /// </summary>
    private async Task<IResult> SaveDraftAsync(HttpRequest request, Domain.Campaigns.Campaign campaign, FilingForm form, string? draftId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (campaign.Deadline.IsPassed(now))
        {
            return await ClosedAsync(campaign);
        }

        form.SavingDraft = true;
        var email = form.Value("contact.email").Trim();
        if (email.Length == 0)
        {
            form.Errors["contact.email"] = "Indiquez l'adresse électronique de contact : le lien pour reprendre le brouillon y est envoyé.";
        }
        else if (!Domain.Validation.EmailAddresses.IsValid(email))
        {
            form.Errors["contact.email"] = $"Adresse électronique invalide : « {email} ».";
        }

        // A new form's draft is named after the form's own key: the same form saved twice (a double click, the back
        // button) is one draft, mailed once.
        draftId ??= Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(campaign.Id + "|" + form.RequestKey)))[..32];
        var previous = await drafts.GetAsync(campaign.Id, draftId, cancellationToken);
        if (previous?.FiledReference is not null)
        {
            return await pages.MessageAsync(StatusCodes.Status409Conflict, "Brouillon déjà déposé",
                [$"Ce brouillon a déjà été déposé : le dossier porte la référence {previous.FiledReference}.", "Rien n'a été modifié."], "");
        }

        var draft = new Draft(campaign.Id, draftId, email, new Dictionary<string, string>(form.Values), previous?.SavedAt ?? now, now);
        if (form.Errors.Count == 0)
        {
            try
            {
                if (!await drafts.SaveAsync(draft, cancellationToken))
                {
                    return await pages.MessageAsync(StatusCodes.Status409Conflict, "Brouillon déjà déposé", ["Ce brouillon a été déposé entre-temps, ou modifié depuis une autre page. Rien n'a été modifié."], "");
                }
            }
            catch (DraftTooLargeException)
            {
                form.OtherErrors.Add("Le texte saisi est trop long pour un brouillon : raccourcissez les champs les plus longs, ou déposez le dossier.");
            }
        }

        if (form.Errors.Count + form.OtherErrors.Count > 0)
        {
            form.FilesToChooseAgain = false;
            return await pages.PageAsync<Filing>(StatusCodes.Status400BadRequest, new Dictionary<string, object?> { ["F"] = form });
        }

        var mailed = previous is null || !string.Equals(previous.ContactEmail, email, StringComparison.OrdinalIgnoreCase);
        var client = "client:" + (request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?");
        if (mailed && !(_draftMails.Allow("to:" + email.ToLowerInvariant(), now) && _draftMails.Allow(client, now)))
        {
            mailed = false; // kept, not mailed: the page below gives the link
        }

        if (mailed)
        {
            await draftMailer.SendAsync(MailKind.DraftLink, campaign, draft, "saved-" + now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        }

        var token = draftLinks.Sign(campaign.Id, draft.DraftId, campaign.Deadline.ClosesAt);
        return await pages.MessageAsync(StatusCodes.Status200OK, "Brouillon enregistré",
            [mailed ? $"Ce que vous avez saisi est enregistré. Un lien personnel pour reprendre ce brouillon vient d'être envoyé à {email}." : "Ce que vous avez saisi est enregistré. Reprenez ce brouillon avec le lien ci-dessous (conservez-le), ou avec celui reçu par courriel.",
             "Les fichiers ne sont pas conservés dans un brouillon : vous les joindrez au moment du dépôt.",
             $"Un brouillon n'est pas un dossier : il n'a pas de référence et n'est examiné qu'une fois déposé, au plus tard le {Workflow.Mail.French.DateTime(campaign.Deadline.LastAcceptedInstant)} (heure de Paris)."],
            "ok", "/brouillon/" + Uri.EscapeDataString(token), "Continuer le brouillon");
    }

    private Task<IResult> ClosedAsync(Domain.Campaigns.Campaign campaign) =>
        pages.MessageAsync(StatusCodes.Status410Gone, "Appel clos",
            [$"L'appel « {campaign.Title} » est clos depuis le {Workflow.Mail.French.DateTime(campaign.Deadline.LastAcceptedInstant)} : un brouillon ne peut plus être enregistré ni déposé."], "erreur");

    private Task<IResult> BadDraftLinkAsync(LinkCheck check) => check == LinkCheck.Expired
        ? pages.MessageAsync(StatusCodes.Status410Gone, "Ce lien a expiré", ["Ce lien vers un brouillon n'est plus valable : l'appel est clos depuis longtemps."], "erreur")
        : pages.MessageAsync(StatusCodes.Status404NotFound, "Lien non valable", ["Ce lien ne permet pas d'ouvrir un brouillon. Vérifiez qu'il a été copié en entier depuis le courriel reçu."], "erreur");

    private Task<IResult> NoCampaignAsync() =>
        pages.MessageAsync(StatusCodes.Status404NotFound, "Appel introuvable", ["Cet appel à manifestation d'intérêt n'existe pas. Vérifiez l'adresse de la page."], "erreur");
}
