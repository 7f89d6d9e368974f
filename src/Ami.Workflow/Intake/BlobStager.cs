using Ami.Workflow.Storage;
using Azure;
using Azure.Storage;
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
    /// <summary>Blocks of 4 MiB, two in flight: bounded memory per upload (≈ 12 MiB at most) whatever the file size.</summary>
    private static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 2,
    };

    private readonly List<string> _written = [];
    private bool _journalStarted;

    public UploadJournalEntry Entry => entry;

    public IReadOnlyList<string> Written => _written;

    public bool JournalStarted => _journalStarted;

    public string Folder => $"{entry.CampaignId}/{entry.DossierId}/";

    public async Task EnsureJournalAsync(CancellationToken cancellationToken)
    {
        if (!_journalStarted)
        {
            await journal.StartAsync(entry, cancellationToken);
            _journalStarted = true;
        }
    }

    /// <summary>Streams <paramref name="content"/> into a new blob; the caller reads size and hash from its stream.</summary>
    public async Task<string> StoreAsync(string attachmentId, string safeName, FileType type, Stream content, CancellationToken cancellationToken)
    {
        await EnsureJournalAsync(cancellationToken);
        var name = $"{Folder}{attachmentId}-{safeName}";
        _written.Add(name);
        await clients.Dossiers.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = type.ContentType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            TransferOptions = Transfer,
        }, cancellationToken);
        return name;
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
        catch (RequestFailedException)
        {
            // Nothing was staged, or it is already gone.
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
