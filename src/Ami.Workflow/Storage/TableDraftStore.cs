using System.IO.Compression;
using System.Text.Json;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// <see cref="IDraftStore"/> on Table <c>Drafts</c>: PartitionKey = campaign id, RowKey = draft id. What was typed is
/// kept as JSON compressed with Brotli in one binary property (64 KiB at most: a few hundred KB of text).
/// </summary>
public sealed class TableDraftStore(AmiStorage storage) : IDraftStore
{
    /// <summary>The largest compressed content of a draft (a Table property holds 64 KiB).</summary>
    public const int MaxContentBytes = 64 * 1024;

    public async Task<bool> SaveAsync(Draft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var table = await TableAsync(cancellationToken);
        var content = Compress(draft.Values);
        if (content.Length > MaxContentBytes)
        {
            throw new DraftTooLargeException();
        }

        var entity = new TableEntity(draft.CampaignId, draft.DraftId)
        {
            ["ContactEmail"] = draft.ContactEmail,
            ["Content"] = content,
            ["SavedAt"] = draft.SavedAt,
            ["UpdatedAt"] = draft.UpdatedAt,
            ["Filed"] = false,
        };
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(draft.CampaignId, draft.DraftId, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return false;
            }
        }

        var row = existing.Value!;
        if (row.GetBoolean("Filed") == true)
        {
            return false;
        }

        entity["SavedAt"] = row.GetDateTimeOffset("SavedAt") ?? draft.SavedAt;
        try
        {
            await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Changed meanwhile (filed, or saved from another tab): the newer state wins.
            return false;
        }
    }

    public async Task<Draft?> GetAsync(string campaignId, string draftId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, draftId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e ? ToDraft(e) : null;
    }

    public async Task MarkFiledAsync(string campaignId, string draftId, string reference, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var patch = new TableEntity(campaignId, draftId) { ["Filed"] = true, ["FiledReference"] = reference };
        try
        {
            await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No such draft: nothing to mark.
        }
    }

    public async Task<IReadOnlyList<Draft>> ListUnfinishedAsync(string campaignId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var drafts = new List<Draft>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and Filed eq {false}"), cancellationToken: cancellationToken))
        {
            drafts.Add(ToDraft(e));
        }

        return drafts;
    }

    public async Task<DraftCount> CountAsync(string campaignId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        int unfinished = 0, filed = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}"), select: ["Filed"], cancellationToken: cancellationToken))
        {
            if (e.GetBoolean("Filed") == true)
            {
                filed++;
            }
            else
            {
                unfinished++;
            }
        }

        return new DraftCount(unfinished, filed);
    }

    private static byte[] Compress(IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(brotli, values);
        }

        return buffer.ToArray();
    }

    private static Draft ToDraft(TableEntity e)
    {
        Dictionary<string, string> values;
        using (var brotli = new BrotliStream(new MemoryStream(e.GetBinary("Content") ?? []), CompressionMode.Decompress))
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(brotli) ?? [];
        }

        return new Draft(
            e.PartitionKey,
            e.RowKey,
            e.GetString("ContactEmail") ?? "",
            values,
            e.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue,
            e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            e.GetBoolean("Filed") == true ? e.GetString("FiledReference") ?? "" : null);
    }

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableNames.Drafts);
    }
}
