using System.Net;
using Ami.Workflow.Configuration;
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
    DateTimeOffset CreatedAt)
{
    /// <summary>The <see cref="StatusCode"/> of a filing's answer (201, the dossier created).</summary>
    public const int Created = 201;

    /// <summary>The <see cref="StatusCode"/> of a replacement's answer (200).</summary>
    public const int Replaced = 200;

    /// <summary>
    /// A pending claim's lease: the upload holding it renews it while it runs. Null for a claim written before
    /// leases existed (its lease then ends <see cref="UploadOptions.LeaseDuration"/> after <see cref="CreatedAt"/>).
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>Optimistic concurrency tag of the row as read.</summary>
    public string? ETag { get; init; }

    /// <summary>True when the claim is pending and its upload stopped renewing it: the process died.</summary>
    public bool IsAbandoned(DateTimeOffset now, TimeSpan leaseDuration) =>
        !Completed && (LeaseUntil ?? CreatedAt + leaseDuration) <= now;
}

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
            e.GetDateTimeOffset("CreatedAt") ?? default)
        {
            LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
            ETag = e.ETag.ToString(),
        };
    }

    /// <summary>Claims the key for a request in progress; false when the key is already known.</summary>
    public async Task<bool> TryClaimAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
        await ClaimAsync(record, cancellationToken) is not null;

    /// <summary>As <see cref="TryClaimAsync"/>; the claim as stored (with its ETag, so that <see cref="RenewAsync"/> need not read it first), or null.</summary>
    public async Task<IdempotencyRecord?> ClaimAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await clients.EnsureCreatedAsync(cancellationToken);
        try
        {
            var added = await Table.AddEntityAsync(ToRow(record), cancellationToken);
            return record with { ETag = added.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>
    /// Renews the lease of this upload's pending claim until <paramref name="until"/>; false when the claim is no
    /// longer this upload's (another request took it over after the lease ran out, or it was removed).
    /// </summary>
    public async Task<bool> RenewAsync(IdempotencyRecord claim, DateTimeOffset until, CancellationToken cancellationToken) =>
        await RenewClaimAsync(claim, until, cancellationToken) is not null;

    /// <summary>
    /// As <see cref="RenewAsync"/>; the claim with its new ETag, or null when it is no longer this upload's (a completed
    /// claim comes back as it is). When <paramref name="claim"/> carries the ETag it was stored with (<see cref="ClaimAsync"/>),
    /// the row is updated on that ETag first, without reading it: it succeeds only if nobody changed the row since, which is
    /// what the read would have shown. Otherwise (or on 412), the row is read and checked first.
    /// </summary>
    public async Task<IdempotencyRecord?> RenewClaimAsync(IdempotencyRecord claim, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.ETag is { Length: > 0 } known)
        {
            try
            {
                var renewed = await Table.UpdateEntityAsync(new TableEntity(claim.KeyHash, "") { ["LeaseUntil"] = until }, new ETag(known), TableUpdateMode.Merge, cancellationToken);
                return claim with { ETag = renewed.Headers.ETag?.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Changed since (completed, taken over, or renewed by this upload's own timer): read it below.
            }
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await GetAsync(claim.KeyHash, cancellationToken);
            if (current is null || current.DossierId != claim.DossierId)
            {
                return null;
            }

            if (current.Completed)
            {
                return current;
            }

            try
            {
                var renewed = await Table.UpdateEntityAsync(new TableEntity(claim.KeyHash, "") { ["LeaseUntil"] = until }, new ETag(current.ETag!), TableUpdateMode.Merge, cancellationToken);
                return claim with { ETag = renewed.Headers.ETag?.ToString() };
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
            {
                // Changed meanwhile (completed, or taken over): look again.
            }
        }

        return null;
    }

    /// <summary>
    /// Replaces an abandoned claim (<paramref name="abandoned"/>, as read) by <paramref name="claim"/>; false when
    /// the row changed since it was read (its upload renewed it, or another retry took it first).
    /// </summary>
    public async Task<bool> TryTakeOverAsync(IdempotencyRecord abandoned, IdempotencyRecord claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(abandoned);
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await Table.UpdateEntityAsync(ToRow(claim), new ETag(abandoned.ETag!), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
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

    private static TableEntity ToRow(IdempotencyRecord r)
    {
        var row = new TableEntity(r.KeyHash, "")
        {
            ["RequestHash"] = r.RequestHash,
            ["Completed"] = r.Completed,
            ["DossierId"] = r.DossierId,
            ["StatusCode"] = r.StatusCode,
            ["ResponseJson"] = r.ResponseJson,
            ["ProtectedToken"] = r.ProtectedToken,
            ["CreatedAt"] = r.CreatedAt,
        };
        if (!r.Completed && r.LeaseUntil is { } until)
        {
            row["LeaseUntil"] = until;
        }

        return row;
    }
}
