using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// The remembered answer of a request sent with an <c>Idempotency-Key</c>. <see cref="RequestHash"/> is the
/// fingerprint of the request's content; <see cref="ProtectedToken"/> the access token encrypted with a
/// key derived from the client's Idempotency-Key (which is never stored), so that only a client
/// presenting the same key and body gets the token back.
/// </summary>
public sealed record IdempotencyRecord(
    string KeyHash,
    string RequestHash,
    bool Completed,
    string DossierId,
    int StatusCode,
    string? ResponseJson,
    string? ProtectedToken,
    DateTimeOffset CreatedAt);

/// <summary>Table <c>Idempotency</c>: PartitionKey = SHA-256 of (route scope, key), RowKey empty.</summary>
public sealed class IdempotencyStore(AmiStorage clients)
{
    public async Task<IdempotencyRecord?> GetAsync(string keyHash, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(keyHash, "", cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new IdempotencyRecord(
            keyHash,
            e.GetString("RequestHash") ?? "",
            e.GetBoolean("Completed") ?? false,
            e.GetString("DossierId") ?? "",
            e.GetInt32("StatusCode") ?? 0,
            e.GetString("ResponseJson"),
            e.GetString("ProtectedToken"),
            e.GetDateTimeOffset("CreatedAt") ?? default);
    }

    /// <summary>Claims the key for a request in progress; false when the key is already known.</summary>
    public async Task<bool> TryClaimAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await clients.EnsureCreatedAsync(cancellationToken);
        try
        {
            await Table.AddEntityAsync(ToRow(record), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task CompleteAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Table.UpsertEntityAsync(ToRow(record with { Completed = true }), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteAsync(string keyHash, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(keyHash, "", ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
        }
    }

    private TableClient Table => clients.Table(TableNames.Idempotency);

    private static TableEntity ToRow(IdempotencyRecord r) => new(r.KeyHash, "")
    {
        ["RequestHash"] = r.RequestHash,
        ["Completed"] = r.Completed,
        ["DossierId"] = r.DossierId,
        ["StatusCode"] = r.StatusCode,
        ["ResponseJson"] = r.ResponseJson,
        ["ProtectedToken"] = r.ProtectedToken,
        ["CreatedAt"] = r.CreatedAt,
    };
}
