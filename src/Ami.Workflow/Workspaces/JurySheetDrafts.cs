using System.Text.Json;
using Ami.Workflow.Storage;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Workspaces;

/// <summary>A juror's grid saved on the way ("Enregistrer"): the levels chosen so far and the comment. It counts for nothing.</summary>
public sealed record JurySheetDraft(IReadOnlyDictionary<string, int> Scores, string? Comment, DateTimeOffset SavedAt);

/// <summary>
/// Table <c>JurySheetDrafts</c>: one row per dossier (PK) and juror (RK <c>juror-N</c>), replaced at each save. Only
/// "Valider ma grille" records a sheet (Table <c>Actions</c>, through the dossier's <c>jury-score</c> action).
/// </summary>
public sealed class JurySheetDrafts(AmiStorage storage)
{
    public const string TableName = "JurySheetDrafts";

    public async Task<JurySheetDraft?> GetAsync(string dossierId, string actor, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(dossierId, actor, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }

        var scores = JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("ScoresJson") ?? "{}") ?? [];
        return new JurySheetDraft(scores, e.GetString("Comment"), e.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue);
    }

    public async Task SaveAsync(string dossierId, string actor, JurySheetDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var table = await TableAsync(cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(dossierId, actor)
            {
                ["ScoresJson"] = JsonSerializer.Serialize(draft.Scores),
                ["Comment"] = draft.Comment,
                ["SavedAt"] = draft.SavedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableName);
    }
}
