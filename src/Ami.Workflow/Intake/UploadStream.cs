using System.Security.Cryptography;

namespace Ami.Workflow.Intake;

/// <summary>Why an upload stopped: a limit of the campaign was passed.</summary>
public enum UploadLimit
{
    None,
    FileTooLarge,
    DossierTooLarge,
    TooManyFiles,
    DossierPartTooLarge,
}

/// <summary>The bytes still allowed for the files of one dossier (all parts together).</summary>
internal sealed class UploadBudget(long maxDossierBytes)
{
    public long Used { get; private set; }

    public bool TryUse(long bytes)
    {
        Used += bytes;
        return Used <= maxDossierBytes;
    }
}

internal sealed class UploadLimitExceededException(UploadLimit limit) : IOException("Upload limit exceeded: " + limit)
{
    public UploadLimit Limit { get; } = limit;
}

/// <summary>
/// Reads one file part as it arrives (the sniffed head first, then the rest of the part), hashing it
/// (SHA-256) and counting it against the file and dossier limits: the limit is enforced while the bytes
/// flow, so an oversized file is refused after at most one buffer past the limit, never after being stored.
/// </summary>
internal sealed class UploadStream : Stream
{
    private readonly ReadOnlyMemory<byte> _head;
    private readonly Stream _rest;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _maxFileBytes;
    private readonly UploadBudget _budget;
    private int _headPosition;

    public UploadStream(ReadOnlyMemory<byte> head, Stream rest, long maxFileBytes, UploadBudget budget)
    {
        _head = head;
        _rest = rest;
        _maxFileBytes = maxFileBytes;
        _budget = budget;
    }

    public long Length64 { get; private set; }

    public UploadLimit Exceeded { get; private set; }

    /// <summary>The SHA-256 of everything read; call once, at the end.</summary>
    public byte[] GetHash() => _hash.GetHashAndReset();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        if (_headPosition < _head.Length)
        {
            n = Math.Min(buffer.Length, _head.Length - _headPosition);
            _head.Slice(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
        }
        else
        {
            n = await _rest.ReadAsync(buffer, cancellationToken);
        }

        if (n > 0)
        {
            Account(buffer.Span[..n]);
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    private void Account(ReadOnlySpan<byte> bytes)
    {
        Length64 += bytes.Length;
        _hash.AppendData(bytes);
        var withinDossier = _budget.TryUse(bytes.Length);
        if (Length64 > _maxFileBytes)
        {
            Exceeded = UploadLimit.FileTooLarge;
        }
        else if (!withinDossier)
        {
            Exceeded = UploadLimit.DossierTooLarge;
        }

        if (Exceeded != UploadLimit.None)
        {
            throw new UploadLimitExceededException(Exceeded);
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Length64; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
