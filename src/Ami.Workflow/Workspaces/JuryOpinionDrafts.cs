using Ami.Workflow.Storage;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Workspaces;

/// <summary>The president's opinion on one dossier saved on the way ("Enregistrer"), as typed. It counts for nothing.</summary>
public sealed record JuryOpinionDraft(string DossierId, string? Decision, string? ProposedAmount, string? Conclusions, DateTimeOffset SavedAt);

/// <summary>
/// Table <c>JuryOpinionDrafts</c>: the president's page saved on the way, one row per campaign (PK) and dossier (RK),
/// replaced at each save (the same pattern as the jurors' <see cref="JurySheetDrafts"/>). Only "Transmettre les avis"
/// records an opinion (through each dossier's <c>jury-opinion</c> action); the rows of the dossiers then decided are removed.
/// </summary>
public sealed class JuryOpinionDrafts(AmiStorage storage)
{
    public const string TableName = "JuryOpinionDrafts";

    /// <summary>The campaign's saved rows, by dossier.</summary>
    public async Task<IReadOnlyDictionary<string, JuryOpinionDraft>> ListAsync(string campaignId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var drafts = new Dictionary<string, JuryOpinionDraft>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId, cancellationToken: cancellationToken))
        {
            drafts[e.RowKey] = new JuryOpinionDraft(e.RowKey, e.GetString("Decision"), e.GetString("ProposedAmount"), e.GetString("Conclusions"), e.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue);
        }

        return drafts;
    }

    /// <summary>Replaces the rows of these dossiers (in batches of one partition).</summary>
    public async Task SaveAsync(string campaignId, IReadOnlyList<JuryOpinionDraft> drafts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var table = await TableAsync(cancellationToken);
        foreach (var chunk in drafts.Chunk(100))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(campaignId, d.DossierId)
                {
                    ["Decision"] = d.Decision,
                    ["ProposedAmount"] = d.ProposedAmount,
                    ["Conclusions"] = d.Conclusions,
                    ["SavedAt"] = d.SavedAt,
                })),
                cancellationToken);
        }
    }

    /// <summary>Removes the rows of these dossiers (their opinions are recorded).</summary>
    public async Task DeleteAsync(string campaignId, IEnumerable<string> dossierIds, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        foreach (var id in dossierIds)
        {
            await table.DeleteEntityAsync(campaignId, id, ETag.All, cancellationToken);
        }
    }

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableName);
    }
}
