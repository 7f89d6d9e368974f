using System.Net;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>Campaigns in Table <c>Campaigns</c>: PartitionKey <c>campaign</c>, RowKey = id, the campaign as JSON.</summary>
public sealed class TableCampaignStore(AmiStorage clients) : ICampaignStore
{
    internal const string Partition = "campaign";

    public async Task<Campaign?> GetAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (!DossierIds.IsValidCampaignId(campaignId))
        {
            return null;
        }

        await clients.EnsureCreatedAsync(cancellationToken);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, campaignId, ["Json"], cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var list = new List<Campaign>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            list.Add(Read(row));
        }

        return list;
    }

    public async Task<bool> UpsertAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (await TryAddAsync(campaign, cancellationToken))
        {
            return true;
        }

        await Table.UpsertEntityAsync(ToRow(campaign), TableUpdateMode.Replace, cancellationToken);
        return false;
    }

    /// <summary>Adds the campaign unless one with its id exists (then leaves it as it is).</summary>
    public async Task<bool> TryAddAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        await clients.EnsureCreatedAsync(cancellationToken);
        try
        {
            await Table.AddEntityAsync(ToRow(campaign), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    private TableClient Table => clients.Table(TableNames.Campaigns);

    private static TableEntity ToRow(Campaign c) => new(Partition, c.Id) { ["Json"] = CampaignJson.Serialize(c) };

    private static Campaign Read(TableEntity row) =>
        JsonSerializer.Deserialize<Campaign>(row.GetString("Json"), AmiJson.Options)
        ?? throw new InvalidDataException($"Campaign row {row.RowKey} is empty.");
}
