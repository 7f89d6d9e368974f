using System.Globalization;
using System.Security.Cryptography;
using Ami.Workflow.Intake;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure.Storage.Blobs.Models;

namespace Ami.Workflow.Payments;

/// <summary>
/// Bilans in the private container <c>dossiers</c> next to the dossier's files: <c>{campaignId}/{dossierId}/bilan-{n}-{name}</c> for
/// the report and <c>{campaignId}/{dossierId}/bilan-{n}.json</c> for the figures.
/// </summary>
public sealed class BlobBilanStore(AmiStorage storage) : IBilanStore
{
    public async Task<AttachmentInfo> SaveAsync(string campaignId, string dossierId, int number, string fileName, string contentType, Stream report, BilanReport bilan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(bilan);
        await storage.EnsureCreatedAsync(cancellationToken);
        var container = storage.Dossiers;
        var n = number.ToString(CultureInfo.InvariantCulture);
        var prefix = $"{campaignId}/{dossierId}/bilan-{n}";
        var blobName = $"{prefix}-{FileNames.Sanitize(fileName)}";

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var hashing = new HashingStream(report, sha);
        await container.GetBlobClient(blobName).UploadAsync(
            hashing,
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
        await container.GetBlobClient(prefix + ".json").UploadAsync(
            BinaryData.FromString(bilan.ToJson()),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        return new AttachmentInfo("bilan-" + n, "bilan-report", fileName, contentType, hashing.BytesRead, Convert.ToHexStringLower(sha.GetHashAndReset()), blobName);
    }

    /// <summary>Hashes and counts what is read through it.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public long BytesRead { get; private set; }

        public override long Length => throw new NotSupportedException();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            hash.AppendData(buffer, offset, n);
            BytesRead += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..n]);
            BytesRead += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
