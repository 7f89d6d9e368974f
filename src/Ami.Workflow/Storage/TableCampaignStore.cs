using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// Campaigns in Table <c>Campaigns</c>: PartitionKey <c>campaign</c>, RowKey = id, the campaign as JSON.
/// <para>
/// Every submission reads its campaign, and on the last day they come by the dozen per second; so
/// <see cref="GetRecentAsync"/> (the intake's read) reuses a read younger than <see cref="CacheDuration"/>
/// (2 s). A change made through this host (the staff's <c>PUT</c>, the seeder) is seen at once; one made
/// through another instance of the app, within those 2 s. Only campaigns found are kept (a campaign just
/// created is never reported missing), and a read that overlaps a write is not kept. <see cref="GetAsync"/>
/// always reads the table: the journey's activities use it, so that a deadline changed on one instance is
/// what the journey resumes with on any other.
/// </para>
/// </summary>
public sealed class TableCampaignStore(AmiStorage clients) : ICampaignStore
{
    internal const string Partition = "campaign";

    public static readonly TimeSpan DefaultCacheDuration = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (Campaign Campaign, long ReadAt)> _recent = new(StringComparer.Ordinal);
    private long _writes;

    /// <summary>How long a campaign read is reused (measured on the monotonic clock, not on business time).</summary>
    internal TimeSpan CacheDuration { get; init; } = DefaultCacheDuration;

    public async Task<Campaign?> GetRecentAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (DossierIds.IsValidCampaignId(campaignId)
            && _recent.TryGetValue(campaignId, out var recent)
            && Environment.TickCount64 - recent.ReadAt < (long)CacheDuration.TotalMilliseconds)
        {
            return recent.Campaign;
        }

        return await GetAsync(campaignId, cancellationToken);
    }

    public async Task<Campaign?> GetAsync(string campaignId, CancellationToken cancellationToken)
    {
        if (!DossierIds.IsValidCampaignId(campaignId))
        {
            return null;
        }

        var readAt = Environment.TickCount64;
        var writes = Interlocked.Read(ref _writes);
        await clients.EnsureCreatedAsync(cancellationToken);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, campaignId, ["Json"], cancellationToken);
        var campaign = row.HasValue ? Read(row.Value!) : null;
        if (campaign is not null && Interlocked.Read(ref _writes) == writes)
        {
            _recent[campaignId] = (campaign, readAt);
        }

        return campaign;
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

        try
        {
            await Table.UpsertEntityAsync(ToRow(campaign), TableUpdateMode.Replace, cancellationToken);
        }
        finally
        {
            Forget(campaign.Id);
        }

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
        finally
        {
            Forget(campaign.Id);
        }
    }

    /// <summary>Drops what this host remembers of the campaign, and any read in flight from being kept.</summary>
    private void Forget(string campaignId)
    {
        Interlocked.Increment(ref _writes);
        _recent.TryRemove(campaignId, out _);
    }

    private TableClient Table => clients.Table(TableNames.Campaigns);

    private static TableEntity ToRow(Campaign c) => new(Partition, c.Id) { ["Json"] = CampaignJson.Serialize(c) };

    private static Campaign Read(TableEntity row) =>
        JsonSerializer.Deserialize<Campaign>(row.GetString("Json"), AmiJson.Options)
        ?? throw new InvalidDataException($"Campaign row {row.RowKey} is empty.");
}
