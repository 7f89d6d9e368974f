using Ami.Domain.Scanning;
using Ami.Workflow.Actions;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Primitives;

namespace Ami.Workflow.Http;

/// <summary>
/// <c>GET /api/actions/{token}</c> (a French page: what, for which dossier, the form; never acts) and
/// <c>POST /api/actions/{token}</c> (form-encoded or JSON: acts once). Both hosts call these.
/// </summary>
public sealed class ActionHandlers(ActionService actions, IAttachmentLinks attachmentLinks)
{
    /// <summary>Read links to attachments live this long (the page can be reloaded for new ones).</summary>
    public static readonly TimeSpan AttachmentLinkValidity = TimeSpan.FromMinutes(15);

    public async Task<IResult> GetAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Secure(request.HttpContext.Response);
        var result = await actions.OpenAsync(token, client, cancellationToken);
        if (result.Kind != ActionResultKind.Ok)
        {
            return Results.Content(ActionPage.Refusal(result), "text/html; charset=utf-8", statusCode: StatusOf(result.Kind));
        }

        var context = result.Context!;
        var links = new List<AttachmentLink>();
        foreach (var a in context.Dossier.Attachments)
        {
            // Nobody but the holder opens a file the antivirus has not found safe: no link, the state instead.
            var url = AttachmentScanRules.MayBeOpenedByOthers(a.Scan) ? await attachmentLinks.ReadLinkAsync(a.BlobName, AttachmentLinkValidity, cancellationToken) : null;
            links.Add(new AttachmentLink(a.Kind, a.Name, a.Size, url, a.Scan));
        }

        return Results.Content(ActionPage.Form(context, links), "text/html; charset=utf-8");
    }

    public async Task<IResult> PostAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Secure(request.HttpContext.Response);
        ActionBody body;
        try
        {
            body = await ActionBody.ReadAsync(request, cancellationToken);
        }
        catch (Exception e) when (Problems.IsUnreadableBody(e))
        {
            return Problems.MalformedBody();
        }

        var result = await actions.DecideAsync(token, body, client, cancellationToken);
        var html = WantsHtml(request);
        if (result.Kind == ActionResultKind.Ok)
        {
            var claims = result.Claims!;
            return html
                ? Results.Content(ActionPage.Done(result.Context!.Campaign.Title, claims, result.Decision!.Decision), "text/html; charset=utf-8")
                : Results.Json(new ActionAnswer(claims.DossierId, claims.Step, result.Decision!.Decision), statusCode: StatusCodes.Status200OK);
        }

        if (html)
        {
            return Results.Content(ActionPage.Refusal(result), "text/html; charset=utf-8", statusCode: StatusOf(result.Kind));
        }

        var status = StatusOf(result.Kind);
        return result.Kind == ActionResultKind.Invalid
            ? Problems.Create(status, result.Code ?? "invalid-decision", "Décision non enregistrée", ActionPage.Explain(result.Code), result.Errors)
            : Problems.Create(status, result.Code ?? "unknown-link", Title(result.Kind), ActionPage.Explain(result));
    }

    /// <summary>Answer of a JSON POST that acted.</summary>
    public sealed record ActionAnswer(string DossierId, string Step, string Decision);

    private static int StatusOf(ActionResultKind kind) => kind switch
    {
        ActionResultKind.Ok => StatusCodes.Status200OK,
        ActionResultKind.NotFound => StatusCodes.Status404NotFound,
        ActionResultKind.Gone => StatusCodes.Status410Gone,
        ActionResultKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string Title(ActionResultKind kind) => kind switch
    {
        ActionResultKind.NotFound => "Lien inconnu",
        ActionResultKind.Gone => "Lien plus valable",
        ActionResultKind.Conflict => "Étape déjà décidée ou close",
        _ => "Décision non enregistrée",
    };

    /// <summary>The page's own form posts (a browser asks for HTML); API clients get JSON and problem+json.</summary>
    private static bool WantsHtml(HttpRequest request) =>
        request.HasFormContentType && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>The address carries the token: no caching, no referrer to the attachment links, no framing.</summary>
    private static void Secure(HttpResponse response)
    {
        response.Headers.CacheControl = new StringValues("no-store");
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    }
}
