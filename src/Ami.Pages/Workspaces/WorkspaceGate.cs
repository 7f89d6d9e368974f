using Ami.Workflow.Actions;
using Ami.Workflow.Links;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages.Workspaces;

/// <summary>
/// Opens a workspace link for one role: a link of another role (a president's link on <c>/commission</c>), altered or
/// unknown answers 404, an expired one 410, each a French page that names no campaign. As for the holder's pages, the
/// link's token is the credential and the anti-forgery token at once (it is in each form's action, and no cookie is
/// used); a POST from another origin is refused (403).
/// </summary>
public sealed class WorkspaceGate(WorkspaceLinks links, PageRenderer pages, TimeProvider clock)
{
    public async Task<(WorkspaceGrant? Grant, IResult? Refusal)> OpenAsync(string token, WorkspaceRole role)
    {
        var check = links.Verify(token, role, clock.GetUtcNow(), out var grant);
        return check switch
        {
            LinkCheck.Valid => (grant, null),
            LinkCheck.Expired => (null, await pages.MessageAsync(StatusCodes.Status410Gone, "Ce lien a expiré",
                ["Ce lien personnel n'est plus valable.", "Le prochain courriel des services de la Région vous en donnera un nouveau ; vous pouvez aussi leur répondre pour en demander un."], "erreur")),
            _ => (null, await pages.MessageAsync(StatusCodes.Status404NotFound, "Lien non valable",
                ["Ce lien ne permet pas d'ouvrir cette page. Vérifiez qu'il a été copié en entier depuis le courriel reçu."], "erreur")),
        };
    }

    public async Task<(WorkspaceGrant? Grant, IResult? Refusal)> OpenForPostAsync(HttpRequest request, string token, WorkspaceRole role)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HolderPages.SameOrigin(request))
        {
            return (null, await pages.MessageAsync(StatusCodes.Status403Forbidden, "Demande refusée", ["Ce formulaire doit être envoyé depuis sa propre page."], "erreur"));
        }

        return await OpenAsync(token, role);
    }

    public Task<IResult> NotFoundAsync(string what) =>
        pages.MessageAsync(StatusCodes.Status404NotFound, what, ["Cette page n'existe pas, ou plus."], "erreur");

    /// <summary>The name of a form's field in the page's words, from a rule's field.</summary>
    public static string FieldOf(string ruleField) => ruleField switch
    {
        "proposedAmount" or "amount" => "montant",
        "comment" => "motifs",
        "reference" => "reference",
        _ => "decision",
    };
}
