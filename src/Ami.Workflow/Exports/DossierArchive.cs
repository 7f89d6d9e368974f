using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Ami.Domain.Scanning;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Exports;

/// <summary>
/// A dossier's files as one ZIP, for the jury or the archive, written straight to the response (System.IO.Compression's
/// async API over a non-seekable stream: each entry is streamed from Blob storage, never held whole in memory). Only
/// files the antivirus found safe are in it (the call's rule: nobody but the holder opens a file not known to be safe);
/// <c>sommaire.csv</c> lists every file with its size, SHA-256 and antivirus state, those left out included.
/// </summary>
public sealed class DossierArchive(AmiStorage storage, ILogger<DossierArchive> logger)
{
    public const string Manifest = "sommaire.csv";

    /// <summary>The ZIP as an HTTP answer (an attachment named after the reference).</summary>
    public IResult Zip(DossierRecord dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return new ZipResult(this, dossier);
    }

    /// <summary>The entry name of each file kept: <c>{kind}/{name}</c>, made safe and unique.</summary>
    public static IReadOnlyList<(AttachmentInfo File, string Entry)> Entries(DossierRecord dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<(AttachmentInfo, string)>();
        foreach (var a in dossier.Attachments.Where(a => AttachmentScanRules.MayBeOpenedByOthers(a.Scan)))
        {
            var name = Safe(a.Kind) + "/" + Safe(a.Name);
            var unique = name;
            for (var i = 2; !used.Add(unique); i++)
            {
                unique = Path.ChangeExtension(name, null) + "-" + i.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(name);
            }

            entries.Add((a, unique));
        }

        return entries;
    }

    public async Task WriteAsync(DossierRecord dossier, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var entries = Entries(dossier);
        var sink = new AsyncSink(output);
        await WriteZipAsync(dossier, entries, sink, cancellationToken);
        await sink.FlushAsync(cancellationToken);
    }

    private async Task WriteZipAsync(DossierRecord dossier, IReadOnlyList<(AttachmentInfo File, string Entry)> entries, AsyncSink output, CancellationToken cancellationToken)
    {
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8, cancellationToken);
        foreach (var (file, name) in entries)
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
            await using var target = await entry.OpenAsync(cancellationToken);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var download = await storage.Dossiers.GetBlobClient(file.BlobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var source = download.Value.Content;
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await target.DisposeAsync();
            await output.FlushAsync(cancellationToken);
            if (!string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                logger.LogError("Dossier {DossierId}: attachment {AttachmentId} does not match its recorded SHA-256", dossier.DossierId, file.Id);
            }
        }

        var manifest = zip.CreateEntry(Manifest, CompressionLevel.Fastest);
        await using (var stream = await manifest.OpenAsync(cancellationToken))
        {
            var kept = entries.ToDictionary(e => e.File.Id, e => e.Entry, StringComparer.Ordinal);
            ExportColumn<AttachmentInfo>[] columns =
            [
                new("fichier", a => kept.GetValueOrDefault(a.Id) ?? ""),
                new("nom déposé", a => a.Name),
                new("nature", a => a.Kind),
                new("taille (octets)", a => a.Size.ToString(CultureInfo.InvariantCulture)),
                new("sha256", a => a.Sha256),
                new("antivirus", a => a.Scan.ToFrench()),
            ];
            await SpreadsheetExport.WriteCsvAsync(stream, columns, dossier.Attachments, cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }

    private static string Safe(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            text.Append(char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }

        var safe = text.ToString().Trim().TrimStart('.');
        return safe.Length == 0 ? "fichier" : safe.Length > 120 ? safe[..120] : safe;
    }

    /// <summary>
    /// The response stream for the ZIP writer. An entry's compressor ends with a few synchronous writes (its last block
    /// and the entry's data descriptor, a few KB at most) that ASP.NET Core refuses on a response: they are kept here and
    /// sent asynchronously at the next write or flush. The files' bytes themselves pass straight through, asynchronously.
    /// </summary>
    private sealed class AsyncSink(Stream inner) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _pending.Write(buffer, offset, count);
            _written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _written += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await SendPendingAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
            _written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await SendPendingAsync(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        public override void Flush()
        {
            // Kept for the next asynchronous flush.
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }

        private async Task SendPendingAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length > 0)
            {
                await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
                _pending.SetLength(0);
            }
        }
    }

    private sealed class ZipResult(DossierArchive archive, DossierRecord dossier) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            var fileName = dossier.Reference + ".zip";
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/zip";
            response.Headers.ContentDisposition = "attachment; filename=\"" + fileName.Replace('"', '_') + "\"";
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            await archive.WriteAsync(dossier, response.Body, httpContext.RequestAborted);
        }
    }
}
