using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Workflow.Http;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ami.LocalHost;

/// <summary>
/// Errors in the contract's shape when the app never saw the request. Kestrel answers some requests itself, with an
/// empty body: a request line or path it cannot read (a <c>%00</c> in the path: 400), headers that do not arrive in
/// time (408), a request line or headers too large (414, 431). A connection middleware gives those answers the API's
/// <c>application/problem+json</c> body (French title, stable code); and the app's own empty 4xx/5xx answers (a route
/// that does not exist, a method not allowed) get one through <see cref="WriteForEmptyResponseAsync"/>.
/// </summary>
internal static class KestrelRejections
{
    /// <summary>Adds the rewriting of Kestrel's own error answers to an endpoint (before Kestrel's HTTP handling).</summary>
    public static void Use(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new DuplexPipe(transport.Input, new RejectionWriter(transport.Output));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        });
    }

    /// <summary>For <c>UseStatusCodePages</c>: an error answer of the app that has no body gets a problem document.</summary>
    public static Task WriteForEmptyResponseAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var body = Problem(response.StatusCode);
        response.ContentType = "application/problem+json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }

    /// <summary>The problem document of an answer made without the app, by status.</summary>
    public static byte[] Problem(int status)
    {
        var (code, title, detail) = status switch
        {
            400 => ("bad-request", "Requête illisible", "La requête HTTP n'a pas pu être lue (ligne de requête, chemin ou en-têtes mal formés) ; rien n'a été enregistré."),
            404 => ("not-found", "Adresse inconnue", "Aucune ressource ne répond à cette adresse."),
            405 => ("method-not-allowed", "Méthode non acceptée", "Cette adresse n'accepte pas cette méthode HTTP."),
            408 => ("request-timeout", "Requête trop lente", "La requête n'est pas arrivée à temps ; rien n'a été enregistré. Renvoyez-la."),
            413 => ("request-too-large", "Envoi trop volumineux", "La requête dépasse la taille acceptée ; rien n'a été enregistré."),
            414 => ("uri-too-long", "Adresse trop longue", "L'adresse de la requête est trop longue."),
            431 => ("headers-too-large", "En-têtes trop volumineux", "Les en-têtes de la requête sont trop volumineux."),
            _ => ("http-" + status.ToString(CultureInfo.InvariantCulture), status >= 500 ? "Erreur du serveur" : "Requête refusée",
                status >= 500 ? "Le serveur n'a pas pu traiter la requête ; réessayez plus tard." : "La requête a été refusée."),
        };
        return JsonSerializer.SerializeToUtf8Bytes(new ProblemDocument(Problems.TypeBase + code, title, status, detail, code, null), AmiJson.Options);
    }

    /// <summary>
    /// If <paramref name="written"/> is a whole answer head of Kestrel's own refusal (a 4xx with <c>Content-Length: 0</c>
    /// on a connection it closes), the same head with a problem body; else null.
    /// </summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (written.Length > 8192 || !written.StartsWith("HTTP/1.1 4"u8) || !written.EndsWith("\r\n\r\n"u8))
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(written);
        if (head.IndexOf("\r\n\r\n", StringComparison.Ordinal) != head.Length - 4
            || !head.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase)
            || !head.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(head.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var body = Problem(status);
        var at = head.IndexOf("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase);
        var rewritten = head[..at]
            + "\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n"
            + head[(at + "\r\nContent-Length: 0\r\n".Length)..];
        return [.. Encoding.ASCII.GetBytes(rewritten), .. body];
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Passes Kestrel's writes straight to the connection (the same memory, no copy); a write that is a bare refusal is
    /// replaced, before it is committed, by the same head with a problem body.
    /// </summary>
    private sealed class RejectionWriter(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _last;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => (_last = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            // As a Pipe does, a writer may go on writing in the rest of the memory it got: keep it.
            var written = _last.Span[..bytes];
            _last = _last[bytes..];
            if (bytes > 12 && written.StartsWith("HTTP/1.1 4"u8) && Rewrite(written) is { } rewritten)
            {
                // Not committed: the same memory is handed out again and overwritten with the longer answer.
                inner.Write(rewritten);
                return;
            }

            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
