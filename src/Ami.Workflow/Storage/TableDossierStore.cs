using System.Net;
using System.Text.Json;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// Dossiers: the index row in Table <c>Dossiers</c> (PartitionKey = campaignId, RowKey = dossierId; the
/// campaign is part of the id, so a read by id is a point read), the dossier JSON and files in the
/// <c>dossiers</c> container under <c>{campaignId}/{dossierId}/</c>.
/// </summary>
public sealed class TableDossierStore(AmiStorage clients) : IDossierStore, IDossierFiling
{
    private const int MaxAttempts = 20;

    public async Task<DossierRecord?> GetAsync(string dossierId, CancellationToken cancellationToken) =>
        (await GetEntityAsync(dossierId, cancellationToken))?.ToRecord();

    public async Task<DossierSubmission?> GetSubmissionAsync(string dossierId, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(dossierId, cancellationToken);
        if (entity is null || string.IsNullOrEmpty(entity.SubmissionBlob))
        {
            return null;
        }

        var content = await clients.Dossiers.GetBlobClient(entity.SubmissionBlob).DownloadContentAsync(cancellationToken);
        return JsonSerializer.Deserialize<DossierSubmission>(content.Value.Content.ToMemory().Span, AmiJson.Options);
    }

    public async Task<DossierRecord> UpdateAsync(string dossierId, Func<DossierRecord, DossierRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var updated = await UpdateEntityAsync(dossierId, e =>
        {
            var record = change(e.ToRecord());
            if (record.DossierId != e.RowKey || record.CampaignId != e.PartitionKey)
            {
                throw new InvalidOperationException("A dossier's id and campaign cannot change.");
            }

            e.Apply(record);
            return true;
        }, cancellationToken);
        return updated?.ToRecord() ?? throw new KeyNotFoundException($"Dossier {dossierId} not found.");
    }

    public async Task<DossierPage> ListAsync(string campaignId, DossierStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and Committed eq {true}");
        if (status is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {StatusText.Format(s)}");
        }

        var pages = Table.QueryAsync<DossierEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            return new DossierPage(page.Values.Select(e => e.ToRecord()).ToArray(), page.ContinuationToken);
        }

        return new DossierPage([], null);
    }

    public async Task<FiledDossier?> GetFiledAsync(string dossierId, CancellationToken cancellationToken) =>
        await GetEntityAsync(dossierId, cancellationToken) is { } entity ? ToFiled(entity) : null;

    async Task<FiledDossier> IDossierFiling.InsertAsync(FiledDossier row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var entity = new DossierEntity { PartitionKey = row.Record.CampaignId, RowKey = row.Record.DossierId };
        Apply(entity, row);
        await InsertAsync(entity, cancellationToken);
        return ToFiled(entity);
    }

    public async Task<FiledDossier?> UpdateFiledAsync(string dossierId, Func<FiledDossier, FiledDossier?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var updated = await UpdateEntityAsync(dossierId, e =>
        {
            if (change(ToFiled(e)) is not { } row)
            {
                return false;
            }

            if (row.Record.DossierId != e.RowKey || row.Record.CampaignId != e.PartitionKey)
            {
                throw new InvalidOperationException("A dossier's id and campaign cannot change.");
            }

            Apply(e, row);
            return true;
        }, cancellationToken);
        return updated is null ? null : ToFiled(updated);
    }

    Task IDossierFiling.MarkCommittedAsync(FiledDossier inserted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        return MarkCommittedAsync(
            new DossierEntity { PartitionKey = inserted.Record.CampaignId, RowKey = inserted.Record.DossierId, ETag = inserted.Version is null ? default : new ETag(inserted.Version) },
            cancellationToken);
    }

    Task IDossierFiling.DeleteAsync(string campaignId, string dossierId, CancellationToken cancellationToken) => DeleteAsync(campaignId, dossierId, cancellationToken);

    private static FiledDossier ToFiled(DossierEntity e) => new()
    {
        Record = e.ToRecord(),
        Committed = e.Committed,
        UploadId = e.UploadId,
        SubmissionBlob = e.SubmissionBlob,
        HolderType = e.HolderType,
        PostalCode = e.PostalCode,
        Version = e.ETag == default ? null : e.ETag.ToString(),
    };

    private static void Apply(DossierEntity e, FiledDossier row)
    {
        e.Apply(row.Record);
        e.Committed = row.Committed;
        e.UploadId = row.UploadId;
        e.SubmissionBlob = row.SubmissionBlob;
        e.HolderType = row.HolderType;
        e.PostalCode = row.PostalCode;
    }

    private TableClient Table => clients.Table(TableNames.Dossiers);

    internal async Task<DossierEntity?> GetEntityAsync(string dossierId, CancellationToken cancellationToken)
    {
        if (!DossierIds.TryGetCampaign(dossierId, out var campaignId))
        {
            return null;
        }

        await clients.EnsureCreatedAsync(cancellationToken);
        var response = await Table.GetEntityIfExistsAsync<DossierEntity>(campaignId, dossierId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts a new (uncommitted) row; fails if the id exists.</summary>
    internal async Task InsertAsync(DossierEntity entity, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var response = await Table.AddEntityAsync(entity, cancellationToken);
        entity.ETag = response.Headers.ETag ?? default;
    }

    /// <summary>
    /// Marks a row committed: straight from the inserted row (its ETag) when nobody changed it since, else
    /// by a read-modify-write (the journey may already have updated it).
    /// </summary>
    internal async Task MarkCommittedAsync(DossierEntity inserted, CancellationToken cancellationToken)
    {
        inserted.Committed = true;
        try
        {
            // A merge of the one property (not the whole row again): the smallest write at the busiest moment.
            var patch = new TableEntity(inserted.PartitionKey, inserted.RowKey) { [nameof(DossierEntity.Committed)] = true };
            var response = await Table.UpdateEntityAsync(patch, inserted.ETag, TableUpdateMode.Merge, cancellationToken);
            inserted.ETag = response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            await UpdateEntityAsync(inserted.RowKey, row => !row.Committed && (row.Committed = true), cancellationToken);
        }
    }

    internal async Task DeleteAsync(string campaignId, string dossierId, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        await Table.DeleteEntityAsync(campaignId, dossierId, ETag.All, cancellationToken);
    }

    /// <summary>
    /// Read-modify-write under If-Match, retried when another writer got there first (412).
    /// <paramref name="change"/> returns false to leave the row as it is. Null when the row does not exist.
    /// </summary>
    internal async Task<DossierEntity?> UpdateEntityAsync(string dossierId, Func<DossierEntity, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entity = await GetEntityAsync(dossierId, cancellationToken);
            if (entity is null)
            {
                return null;
            }

            if (!change(entity))
            {
                return entity;
            }

            try
            {
                var response = await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                entity.ETag = response.Headers.ETag ?? default;
                return entity;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken);
            }
        }
    }
}

internal static class Backoff
{
    /// <summary>Short randomised exponential back-off for optimistic-concurrency retries.</summary>
    public static Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var max = Math.Min(5 * (1 << Math.Min(attempt, 6)), 300);
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, max)), cancellationToken);
    }
}
