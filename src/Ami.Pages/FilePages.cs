using Ami.Workflow.Actions;
using Ami.Workflow.Links;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages;

/// <summary>
/// The holder's own files, through the short-lived links "Mon dossier" makes (<see cref="FileLinks"/>,
/// <see cref="HolderPages.FileHref"/>).
/// </summary>
public sealed class FilePages(FileLinks files, IDossierStore dossiers, IAttachmentContent contents, PageRenderer pages, TimeProvider clock)
{
    /// <summary>
    /// <c>GET /fichier/{token}</c>: streams the holder's file the short-lived link names. A forged link answers 404,
    /// an expired one 410, each a French page that names neither the dossier nor the file; an infected file is not served.
    /// </summary>
    public async Task<IResult> DownloadAsync(string token, CancellationToken cancellationToken)
    {
        var check = files.Verify(token, clock.GetUtcNow(), out var dossierId, out var attachmentId);
        if (check == LinkCheck.Expired)
        {
            return await pages.MessageAsync(StatusCodes.Status410Gone, "Ce lien de téléchargement a expiré",
                ["Les liens de téléchargement ne valent que quelques minutes.", "Rouvrez la page de votre dossier depuis votre lien personnel et cliquez à nouveau sur le fichier."], "erreur", "/lien-perdu", "Recevoir un nouveau lien personnel");
        }

        var dossier = check == LinkCheck.Valid ? await dossiers.GetAsync(dossierId!, cancellationToken) : null;
        var attachment = dossier?.Attachments.FirstOrDefault(a => a.Id == attachmentId);
        if (attachment is null || attachment.Scan == Domain.Scanning.ScanState.Infected)
        {
            return await NoFileAsync();
        }

        var stream = await contents.OpenReadAsync(attachment, cancellationToken);
        return stream is null ? await NoFileAsync() : new FileDownload(stream, attachment.ContentType, attachment.Name);
    }

    private Task<IResult> NoFileAsync() =>
        pages.MessageAsync(StatusCodes.Status404NotFound, "Fichier introuvable",
            ["Ce lien ne permet pas de télécharger un fichier : il est incomplet, ou le fichier a été remplacé.", "Rouvrez la page de votre dossier depuis votre lien personnel."],
            "erreur", "/lien-perdu", "Recevoir un nouveau lien personnel");

    /// <summary>A stored file, streamed as a download: never rendered by the browser, never cached.</summary>
    private sealed class FileDownload(Stream content, string contentType, string name) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            await using (content)
            {
                var response = httpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = string.IsNullOrEmpty(contentType) ? "application/octet-stream" : contentType;
                response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = "\"" + AsciiName(name) + "\"" }.ToString();
                response.Headers.CacheControl = "no-store";
                response.Headers["Referrer-Policy"] = "same-origin";
                response.Headers["X-Content-Type-Options"] = "nosniff";
                response.Headers["Content-Security-Policy"] = "sandbox; default-src 'none'";
                if (content.CanSeek)
                {
                    response.ContentLength = content.Length;
                }

                await content.CopyToAsync(response.Body, httpContext.RequestAborted);
            }
        }

        private static string AsciiName(string name) =>
            new(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray());
    }
}
