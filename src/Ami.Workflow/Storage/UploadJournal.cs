using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>One upload in progress: what the sweeper must look at if the process dies before it ends.</summary>
public sealed record UploadJournalEntry(string DossierId, string UploadId, string CampaignId, UploadKind Kind, DateTimeOffset StartedAt, string? IdempotencyKeyHash)
{
    /// <summary>The upload's last heartbeat (its start until the first one): older than the lease, the upload is dead.</summary>
    public DateTimeOffset? AliveAt { get; init; }

    public DateTimeOffset LastSignOfLife => AliveAt is { } alive && alive > StartedAt ? alive : StartedAt;
}

public enum UploadKind
{
    /// <summary>A new dossier (POST).</summary>
    Create,

    /// <summary>A holder's replacement of a dossier (PUT).</summary>
    Replace,
}

/// <summary>
/// Table <c>Uploads</c>: a row is written before the first blob of an upload and deleted when the upload
/// has either committed or been cleaned up; while the upload runs its <c>AliveAt</c> is renewed (heartbeat). A row
/// whose last sign of life is older than the upload lease therefore means a crash.
/// PartitionKey = dossierId, RowKey = uploadId. The table only holds uploads in flight (a handful).
/// </summary>
public sealed class UploadJournal(AmiStorage clients)
{
    public async Task StartAsync(UploadJournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await clients.EnsureCreatedAsync(cancellationToken);
        await Table.AddEntityAsync(
            new TableEntity(entry.DossierId, entry.UploadId)
            {
                ["CampaignId"] = entry.CampaignId,
                ["Kind"] = entry.Kind.ToString(),
                ["StartedAt"] = entry.StartedAt,
                ["AliveAt"] = entry.StartedAt,
                ["IdempotencyKeyHash"] = entry.IdempotencyKeyHash,
            },
            cancellationToken);
    }

    public async Task EndAsync(string dossierId, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(dossierId, uploadId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Heartbeat of a live upload; nothing when its row is already gone (the upload ended).</summary>
    public async Task TouchAsync(UploadJournalEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(entry.DossierId, entry.UploadId) { ["AliveAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>Every upload in flight (the table holds a handful: the rows of live uploads and of crashed ones).</summary>
    public async Task<IReadOnlyList<UploadJournalEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var list = new List<UploadJournalEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            list.Add(new UploadJournalEntry(
                e.PartitionKey,
                e.RowKey,
                e.GetString("CampaignId") ?? "",
                Enum.TryParse<UploadKind>(e.GetString("Kind"), out var kind) ? kind : UploadKind.Create,
                e.GetDateTimeOffset("StartedAt") ?? default,
                e.GetString("IdempotencyKeyHash"))
            {
                AliveAt = e.GetDateTimeOffset("AliveAt"),
            });
        }

        return list;
    }

    private TableClient Table => clients.Table(TableNames.Uploads);
}
