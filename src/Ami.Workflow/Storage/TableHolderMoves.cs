using System.Globalization;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// <see cref="IHolderMoves"/> on Table <c>HolderMoves</c>: PartitionKey = dossier id, RowKey = <c>{move}:{attempt}</c>.
/// The claim is an insert (409 when it exists); a stale claim is replaced under If-Match, so two requests taking it
/// over at once cannot both win.
/// </summary>
public sealed class TableHolderMoves(AmiStorage storage) : IHolderMoves
{
    public async Task<(bool Won, HolderMove Claim)> TryClaimAsync(HolderMove move, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        var table = await TableAsync(cancellationToken);
        var entity = ToEntity(move);
        try
        {
            var added = await table.AddEntityAsync(entity, cancellationToken);
            return (true, move with { ETag = added.Headers.ETag?.ToString() ?? "" });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Claimed already: by a concurrent request (it wins), or by one that died on the way (taken over).
        }

        var kept = await GetAsync(move.DossierId, move.Move, move.Attempt, cancellationToken);
        if (kept is null)
        {
            // Released between our insert and our read: try once more.
            return await TryClaimOnceAsync(table, move, cancellationToken);
        }

        if (kept.ClaimedAt + staleAfter > move.ClaimedAt)
        {
            return (false, kept);
        }

        try
        {
            var replaced = await table.UpdateEntityAsync(entity, new ETag(kept.ETag), TableUpdateMode.Replace, cancellationToken);
            return (true, move with { ETag = replaced.Headers.ETag?.ToString() ?? "" });
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return (false, await GetAsync(move.DossierId, move.Move, move.Attempt, cancellationToken) ?? kept);
        }
    }

    public async Task<HolderMove?> GetAsync(string dossierId, string move, int attempt, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(dossierId, Key(move, attempt), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return new HolderMove(e.PartitionKey, move, attempt, e.GetString("Value") ?? "", e.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue)
        {
            ETag = e.ETag.ToString(),
        };
    }

    public async Task ReleaseAsync(HolderMove claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(claim.DossierId, Key(claim.Move, claim.Attempt), new ETag(claim.ETag), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            // Taken over or gone already: not ours to delete.
        }
    }

    private static async Task<(bool Won, HolderMove Claim)> TryClaimOnceAsync(TableClient table, HolderMove move, CancellationToken cancellationToken)
    {
        try
        {
            var added = await table.AddEntityAsync(ToEntity(move), cancellationToken);
            return (true, move with { ETag = added.Headers.ETag?.ToString() ?? "" });
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var response = await table.GetEntityAsync<TableEntity>(move.DossierId, Key(move.Move, move.Attempt), cancellationToken: cancellationToken);
            var e2 = response.Value;
            return (false, new HolderMove(move.DossierId, move.Move, move.Attempt, e2.GetString("Value") ?? "", e2.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue) { ETag = e2.ETag.ToString() });
        }
    }

    private static TableEntity ToEntity(HolderMove move) => new(move.DossierId, Key(move.Move, move.Attempt))
    {
        ["Value"] = move.Value,
        ["ClaimedAt"] = move.ClaimedAt,
    };

    private static string Key(string move, int attempt) => move + ":" + attempt.ToString(CultureInfo.InvariantCulture);

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableNames.HolderMoves);
    }
}
