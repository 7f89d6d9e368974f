using System.Buffers;
using System.Globalization;
using System.Text;
using Ami.Workflow.Storage;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Ami.Workflow.Intake;

/// <summary>A file stored for an upload (not yet part of the dossier until the upload commits).</summary>
public sealed record StoredFile(string AttachmentId, string Kind, string Name, string ContentType, long Size, string Sha256, string BlobName);

/// <summary>
/// Writes an upload's files straight to their final names, <c>{campaignId}/{dossierId}/{attachmentId}-{safeName}</c>,
/// as they arrive. They are invisible until the upload commits: a new dossier's folder is reachable only
/// once its index row is committed, and a replacement's new files only once the row points to them.
/// The journal row is written before the first blob, so that a crash leaves a trace the sweeper follows;
/// <see cref="DeleteWrittenAsync"/> removes what this upload wrote when it fails.
/// </summary>
internal sealed class BlobStager(AmiStorage clients, UploadJournal journal, UploadJournalEntry entry)
{
    /// <summary>
    /// Size of the blocks a file is cut into. A file that fits in one block is sent with a single Put Blob;
    /// a larger one is staged block by block (Put Block, then Put Block List), the next block being read
    /// from the request while the previous one is sent: at most two blocks in memory per upload, whatever
    /// the file size. (The Blob SDK's own upload of a stream of unknown length is ~4× slower here.)
    /// </summary>
    public const int BlockSize = 8 * 1024 * 1024;

    private readonly List<string> _written = [];
    private bool _journalStarted;

    public UploadJournalEntry Entry => entry;

    public IReadOnlyList<string> Written => _written;

    public bool JournalStarted => _journalStarted;

    public string Folder => $"{entry.CampaignId}/{entry.DossierId}/";

    public string NameOf(string attachmentId, string safeName) => $"{Folder}{attachmentId}-{safeName}";

    public async Task EnsureJournalAsync(CancellationToken cancellationToken)
    {
        if (!_journalStarted)
        {
            await journal.StartAsync(entry, cancellationToken);
            _journalStarted = true;
        }
    }

    /// <summary>
    /// Reads <paramref name="content"/> to its end and sends it to a new blob. Returns once the content is
    /// read (the caller then reads size and hash from its stream, and goes on with the next part) with the
    /// task of what is left to send, so that sending a file overlaps with receiving the next one; that task
    /// must be awaited before the upload is committed or cleaned up.
    /// </summary>
    public async Task<Task> StoreAsync(string attachmentId, string safeName, FileType type, Stream content, CancellationToken cancellationToken)
    {
        await EnsureJournalAsync(cancellationToken);
        var name = NameOf(attachmentId, safeName);
        _written.Add(name);
        var headers = new BlobHttpHeaders { ContentType = type.ContentType };
        var mustNotExist = new BlobRequestConditions { IfNoneMatch = ETag.All };
        var blob = clients.Dossiers.GetBlockBlobClient(name);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(BlockSize), ArrayPool<byte>.Shared.Rent(BlockSize)];
        Task? staging = null;
        var handedOff = false;
        try
        {
            var length = await FillAsync(content, buffers[0], cancellationToken);
            var nextLength = length < BlockSize ? 0 : await FillAsync(content, buffers[1], cancellationToken);
            if (nextLength == 0)
            {
                handedOff = true;
                return PutAsync(blob, buffers, length, new BlobUploadOptions { HttpHeaders = headers, Conditions = mustNotExist }, cancellationToken);
            }

            var blockIds = new List<string>();
            var current = 0;
            while (length > 0)
            {
                if (staging is not null)
                {
                    await staging;
                }

                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D6", CultureInfo.InvariantCulture)));
                blockIds.Add(id);
                staging = blob.StageBlockAsync(id, new MemoryStream(buffers[current], 0, length, writable: false), cancellationToken: cancellationToken);
                current = 1 - current;
                length = nextLength > 0 ? nextLength : await FillAsync(content, buffers[current], cancellationToken);
                nextLength = 0;
            }

            handedOff = true;
            return CommitAsync(blob, staging!, buffers, blockIds, new CommitBlockListOptions { HttpHeaders = headers, Conditions = mustNotExist }, cancellationToken);
        }
        finally
        {
            if (!handedOff)
            {
                await ReleaseAsync(staging, buffers);
            }
        }
    }

    private static async Task PutAsync(BlockBlobClient blob, byte[][] buffers, int length, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var whole = new MemoryStream(buffers[0], 0, length, writable: false);
            await blob.UploadAsync(whole, options, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(null, buffers);
        }
    }

    private static async Task CommitAsync(BlockBlobClient blob, Task lastBlock, byte[][] buffers, List<string> blockIds, CommitBlockListOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await lastBlock;
            await blob.CommitBlockListAsync(blockIds, options, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(lastBlock, buffers);
        }
    }

    /// <summary>Returns the buffers once no block in flight uses them (an error of that block is superseded by the caller's).</summary>
    private static async Task ReleaseAsync(Task? inFlight, byte[][] buffers)
    {
        if (inFlight is not null)
        {
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        ArrayPool<byte>.Shared.Return(buffers[0]);
        ArrayPool<byte>.Shared.Return(buffers[1]);
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < BlockSize)
        {
            var n = await content.ReadAsync(buffer.AsMemory(total, BlockSize - total), cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public async Task<string> StoreJsonAsync(string blobName, BinaryData json, CancellationToken cancellationToken)
    {
        await EnsureJournalAsync(cancellationToken);
        _written.Add(blobName);
        await clients.Dossiers.GetBlobClient(blobName).UploadAsync(json, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);
        return blobName;
    }

    /// <summary>Deletes every blob this upload wrote (also a partly written one), then ends the journal entry.</summary>
    public async Task DeleteWrittenAsync(CancellationToken cancellationToken)
    {
        foreach (var name in _written)
        {
            if (!await clients.Dossiers.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken))
            {
                await DiscardUncommittedBlocksAsync(name, cancellationToken);
            }
        }

        _written.Clear();
        if (_journalStarted)
        {
            await journal.EndAsync(entry.DossierId, entry.UploadId, cancellationToken);
            _journalStarted = false;
        }
    }

    /// <summary>
    /// A large file cut off mid-way leaves uncommitted blocks under its name (the blob itself does not
    /// exist). Committing an empty block list discards them at once instead of after Azure's 7 days.
    /// </summary>
    private async Task DiscardUncommittedBlocksAsync(string name, CancellationToken cancellationToken)
    {
        var block = clients.Dossiers.GetBlockBlobClient(name);
        try
        {
            await block.CommitBlockListAsync([], cancellationToken: cancellationToken);
            await block.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409)
        {
            // Nothing was staged, or it is already gone (404), or another request holds the name (409). Anything
            // else (403, 5xx) fails the undo: the journal entry stays and the sweeper finishes the job.
        }
    }

    public async Task EndJournalAsync(CancellationToken cancellationToken)
    {
        if (_journalStarted)
        {
            await journal.EndAsync(entry.DossierId, entry.UploadId, cancellationToken);
            _journalStarted = false;
        }
    }
}
