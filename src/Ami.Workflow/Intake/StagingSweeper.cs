using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Workflow.Configuration;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Intake;

/// <summary>
/// Repairs what a crashed upload left (see the write order in <see cref="DossierIntake"/>): for every
/// journal row whose heartbeat stopped longer ago than the upload lease (<see cref="UploadOptions.LeaseDuration"/>:
/// a live upload renews it every <see cref="UploadOptions.HeartbeatEvery"/>, so it is no live upload), unless
/// another upload of the same dossier is alive (then the next sweep looks again):
/// <list type="bullet">
/// <item>no index row → the dossier never existed: its blobs and its idempotency claim are deleted;</item>
/// <item>an uncommitted row → if the journey instance exists, roll forward (row committed, idempotency
/// answer completed); otherwise roll back (row, timeline, blobs, claim deleted);</item>
/// <item>a committed row → blobs the row no longer refers to (a replacement's old or unused files) are
/// deleted; a replacement whose event was not raised gets it if the journey still waits for it.</item>
/// </list>
/// Called every 5 minutes (<see cref="Schedule"/>) by the <c>StagingSweep</c> timer function, and by the
/// local host's timer of the same name: what a crash left is cleaned within the lease plus 5 minutes.
/// </summary>
public sealed class StagingSweeper(
    UploadJournal journal,
    IDossierFiling dossiers,
    IdempotencyStore idempotency,
    AmiStorage clients,
    ITimelineRollback timeline,
    TimeProvider time,
    ILogger<StagingSweeper> logger,
    IOptions<UploadOptions>? options = null)
{
    /// <summary>NCRONTAB schedule of the sweep (every 5 minutes).</summary>
    public const string Schedule = "0 */5 * * * *";

    /// <summary>
    /// Repairs the uploads whose last sign of life is more than <paramref name="olderThan"/> old (default: the upload
    /// lease); returns how many were repaired.
    /// </summary>
    public async Task<int> SweepAsync(DurableTaskClient client, TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cutoff = time.GetUtcNow() - (olderThan ?? (options?.Value ?? new UploadOptions()).LeaseDuration);

        // Compared with the blobs' LastModified, which the storage service stamps with its own (real) clock.
        var listedAt = TimeProvider.System.GetUtcNow();
        var entries = await journal.ListAsync(cancellationToken);
        var alive = entries.Where(e => e.LastSignOfLife >= cutoff).Select(e => e.DossierId).ToHashSet(StringComparer.Ordinal);
        var repaired = 0;
        foreach (var entry in entries.Where(e => e.LastSignOfLife < cutoff))
        {
            if (alive.Contains(entry.DossierId))
            {
                // Another upload of this dossier is running and writes to the same folder: not now.
                continue;
            }

            try
            {
                // Files written after the listing belong to an upload that started since: kept.
                await RepairAsync(entry, listedAt, client, cancellationToken);
                await journal.EndAsync(entry.DossierId, entry.UploadId, cancellationToken);
                repaired++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweep of upload {UploadId} of dossier {DossierId} failed; retried next time", entry.UploadId, entry.DossierId);
            }
        }

        return repaired;
    }

    private async Task RepairAsync(UploadJournalEntry entry, DateTimeOffset writtenBefore, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var folder = $"{entry.CampaignId}/{entry.DossierId}/";
        var row = await dossiers.GetFiledAsync(entry.DossierId, cancellationToken);
        if (row is null)
        {
            await DeleteBlobsAsync(folder, keep: new HashSet<string>(), writtenBefore, cancellationToken);
            await DropClaimAsync(entry, cancellationToken);
            logger.LogInformation("Sweep: upload {UploadId} of dossier {DossierId} had not been committed; removed", entry.UploadId, entry.DossierId);
            return;
        }

        if (!row.Committed)
        {
            if (await client.GetInstanceAsync(entry.DossierId, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                await dossiers.UpdateFiledAsync(entry.DossierId, DossierIntake.Commit, cancellationToken);
                await CompleteClaimAsync(entry, new SubmissionResponse(row.Record.DossierId, row.Record.Reference, StatusText.Format(DossierStatus.Submitted), null), cancellationToken);
                logger.LogInformation("Sweep: dossier {DossierId} was scheduled before a crash; committed", entry.DossierId);
                return;
            }

            await dossiers.DeleteAsync(row.Record.CampaignId, row.Record.DossierId, cancellationToken);
            await timeline.DeleteUncommittedAsync(entry.DossierId, cancellationToken);
            await DeleteBlobsAsync(folder, keep: new HashSet<string>(), writtenBefore, cancellationToken);
            await DropClaimAsync(entry, cancellationToken);
            logger.LogInformation("Sweep: dossier {DossierId} was not scheduled before a crash; removed", entry.DossierId);
            return;
        }

        if (entry.Kind == UploadKind.Replace && row.UploadId == entry.UploadId)
        {
            if (await DossierIntake.ResubmissionAwaitedAsync(client, entry.DossierId) is not null)
            {
                await client.RaiseEventAsync(entry.DossierId, JourneyEvents.Resubmitted, new JourneySignal("holder"), cancellationToken);
                logger.LogInformation("Sweep: dossier {DossierId} replacement event raised after a crash", entry.DossierId);
            }

            await CompleteClaimAsync(entry, new SubmissionResponse(row.Record.DossierId, row.Record.Reference, StatusText.Format(row.Record.Status), null), cancellationToken);
        }
        else if (entry.Kind == UploadKind.Replace)
        {
            await DropClaimAsync(entry, cancellationToken);
        }
        else
        {
            await CompleteClaimAsync(entry, new SubmissionResponse(row.Record.DossierId, row.Record.Reference, StatusText.Format(DossierStatus.Submitted), null), cancellationToken);
        }

        var keep = row.Record.Attachments.Select(a => a.BlobName).Append(row.SubmissionBlob).ToHashSet(StringComparer.Ordinal);
        await DeleteBlobsAsync(folder, keep, writtenBefore, cancellationToken);
    }

    private async Task DeleteBlobsAsync(string folder, IReadOnlySet<string> keep, DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        await foreach (var blob in clients.Dossiers.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, folder, cancellationToken))
        {
            if (!keep.Contains(blob.Name) && (blob.Properties.LastModified ?? DateTimeOffset.MinValue) < writtenBefore)
            {
                await clients.Dossiers.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            }
        }
    }

    private async Task DropClaimAsync(UploadJournalEntry entry, CancellationToken cancellationToken)
    {
        if (entry.IdempotencyKeyHash is { } keyHash
            && await idempotency.GetAsync(keyHash, cancellationToken) is { Completed: false } claim
            && claim.DossierId == entry.DossierId)
        {
            await idempotency.DeleteAsync(keyHash, cancellationToken);
        }
    }

    private async Task CompleteClaimAsync(UploadJournalEntry entry, SubmissionResponse response, CancellationToken cancellationToken)
    {
        if (entry.IdempotencyKeyHash is { } keyHash
            && await idempotency.GetAsync(keyHash, cancellationToken) is { Completed: false } claim
            && claim.DossierId == entry.DossierId)
        {
            await idempotency.CompleteAsync(claim with { ResponseJson = JsonSerializer.Serialize(response, AmiJson.Options) }, cancellationToken);
        }
    }
}
