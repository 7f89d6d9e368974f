using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Workflow.Http;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Scanning;
using Ami.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Intake;

/// <summary>
/// <c>PUT /api/dossiers/{dossierId}</c>: the holder replaces the dossier after changes were requested.
/// <para>
/// Same multipart and checks as a submission. Order of writes: journal row; new files under new
/// attachment ids and the new JSON as <c>dossier-{uploadId}.json</c> (the old ones stay referenced by the
/// row); the index row switched to the new files under If-Match (only if the dossier is still
/// <c>changes-requested</c>); then the <b>commit point</b>, the <see cref="JourneyEvents.Resubmitted"/> event,
/// raised only if the journey still waits for it. If it does not, or raising fails, the row is switched back
/// and the new files removed (409 or 503). After the event, the old
/// files are deleted. A crash after the row switch leaves the journal row: the sweeper raises the event
/// if the journey still waits for it, and deletes whichever files the row no longer refers to.
/// </para>
/// </summary>
public sealed partial class DossierIntake
{
    public Task<IResult> ResubmitAsync(HttpRequest request, string dossierId, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ReplaceAsync(request, dossierId, client, entity => AccessTokens.Matches(AccessTokens.FromRequest(request), entity.AccessTokenHash));
    }

    /// <summary>
    /// The same replacement for a holder the caller has already authorized by other means (the personal link of
    /// "Mon dossier", checked by the page): same multipart, same checks, same answers as the API's PUT.
    /// </summary>
    public Task<IResult> ResubmitAuthorizedAsync(HttpRequest request, string dossierId, DurableTaskClient client) =>
        ReplaceAsync(request, dossierId, client, _ => true);

    private async Task<IResult> ReplaceAsync(HttpRequest request, string dossierId, DurableTaskClient client, Func<DossierEntity, bool> authorized)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var aborted = request.HttpContext.RequestAborted;
        var entity = await dossiers.GetEntityAsync(dossierId, aborted);
        if (entity is null || !entity.Committed || !authorized(entity))
        {
            return Problems.DossierNotFound();
        }

        var campaign = await campaigns.GetAsync(entity.PartitionKey, aborted);
        if (campaign is null)
        {
            return Problems.DossierNotFound();
        }

        if (!TryGetBoundary(request, out var boundary))
        {
            return Problems.NotMultipart();
        }

        if (!TryGetIdempotencyKey(request, out var key))
        {
            return Problems.IdempotencyKeyInvalid();
        }

        var keyHash = key is null ? null : IdempotencyKeys.RowKey($"PUT /api/dossiers/{dossierId}", key);
        var now = time.GetUtcNow();
        if (keyHash is null && entity.Status != StatusText.Format(DossierStatus.ChangesRequested))
        {
            return Problems.NotWaiting();
        }

        RaiseBodyLimit(request, campaign);
        if (campaign.Deadline.IsPassed(now))
        {
            // Only a dossier that waited for its replacement makes a late attempt; another one (already ineligible,
            // say, retried with an Idempotency-Key) is simply not waiting.
            if (entity.Status != StatusText.Format(DossierStatus.ChangesRequested))
            {
                return Problems.NotWaiting();
            }

            await RecordLateAsync(new LateSubmission(now, campaign.Id, entity.HolderName, entity.ContactEmail));
            return Problems.DeadlinePassed(campaign.Deadline.LastAcceptedInstant);
        }

        if (keyHash is null && !await IsWaitingForResubmissionAsync(client, dossierId))
        {
            return Problems.NotWaiting();
        }

        var previous = entity;
        var stager = new BlobStager(clients, journal, new UploadJournalEntry(dossierId, DossierIds.RandomToken(10), campaign.Id, UploadKind.Replace, now, keyHash));
        await using var lease = new UploadLease(stager, journal, idempotency, uploadOptions.Value, time, logger);
        var (upload, refusal) = await ReadUploadAsync(request, boundary, campaign, stager);
        if (refusal is not null)
        {
            return refusal;
        }

        var none = CancellationToken.None;
        try
        {
            if (keyHash is not null)
            {
                if (await idempotency.GetAsync(keyHash, none) is { } known)
                {
                    await stager.DeleteWrittenAsync(none);
                    return Replay(known, key!, upload!.Fingerprint);
                }

                if (previous.Status != StatusText.Format(DossierStatus.ChangesRequested) || !await IsWaitingForResubmissionAsync(client, dossierId))
                {
                    await stager.DeleteWrittenAsync(none);
                    return Problems.NotWaiting();
                }
            }

            IdempotencyRecord? claim = null;
            if (keyHash is not null)
            {
                claim = new IdempotencyRecord(keyHash, upload!.Fingerprint, false, dossierId, StatusCodes.Status200OK, null, null, now)
                {
                    LeaseUntil = time.GetUtcNow() + LeaseDuration,
                };
                if (!await idempotency.TryClaimAsync(claim, none))
                {
                    await stager.DeleteWrittenAsync(none);
                    return await idempotency.GetAsync(keyHash, none) is { } winner ? Replay(winner, key!, upload.Fingerprint) : Problems.RequestInProgress();
                }

                lease.Hold(claim);
            }

            var jsonBlob = await stager.StoreJsonAsync($"{stager.Folder}dossier-{stager.Entry.UploadId}.json", BinaryData.FromBytes(upload!.DossierJson!), none);
            var submission = upload.Submission!;
            var newStatus = DossierTransitions.CanMove(DossierStatus.ChangesRequested, DossierStatus.Submitted) ? DossierStatus.Submitted : DossierStatus.ChangesRequested;
            var switched = await dossiers.UpdateEntityAsync(dossierId, e =>
            {
                if (e.Status != StatusText.Format(DossierStatus.ChangesRequested) || e.UploadId != previous.UploadId)
                {
                    return false;
                }

                e.HolderName = submission.Holder?.Name ?? "";
                e.ContactEmail = submission.Contact?.Email ?? "";
                e.ActionTitle = submission.Action?.Title ?? "";
                e.ApplyListColumns(submission);
                e.RequestedAmountCents = (submission.Budget?.RequestedAmount ?? Ami.Domain.Money.Euros.Zero).Cents;
                e.Attachments = JsonSerializer.Serialize(ToAttachments(upload.Files), AmiJson.Options);
                e.SubmissionBlob = jsonBlob;
                e.UploadId = stager.Entry.UploadId;
                e.Status = StatusText.Format(newStatus);
                e.UpdatedAt = now;
                return true;
            }, none);
            if (switched is null || switched.UploadId != stager.Entry.UploadId)
            {
                await UndoClaimAndFilesAsync(stager, keyHash);
                return Problems.NotWaiting();
            }

            RaiseOutcome raised;
            try
            {
                raised = await client.TryRaiseAsync(dossierId, JourneyEvents.Resubmitted, new JourneySignal("holder"), logger, s => s.Step == JourneySteps.Resubmission, none);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Dossier {DossierId}: Resubmitted event not raised; replacement undone", dossierId);
                await UndoReplacementAsync(dossierId, previous, stager, keyHash);
                return Problems.Unavailable();
            }

            if (raised != RaiseOutcome.Raised)
            {
                // The journey stopped waiting meanwhile (e.g. the changes' deadline passed): nothing replaced.
                await UndoReplacementAsync(dossierId, previous, stager, keyHash);
                return Problems.NotWaiting();
            }

            // Committed (the journey has the event): bookkeeping only, redone by the sweeper if it fails here.
            var response = new SubmissionResponse(dossierId, previous.Reference, switched.Status, null);
            try
            {
                // The journey records "resubmitted" in the timeline when it takes the event.
                await DeleteBlobsQuietlyAsync(previous.ToRecord().Attachments.Select(a => a.BlobName).Append(previous.SubmissionBlob));
                if (claim is not null)
                {
                    await idempotency.CompleteAsync(claim with { ResponseJson = JsonSerializer.Serialize(response, AmiJson.Options) }, none);
                }

                await stager.EndJournalAsync(none);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dossier {DossierId} replaced; its bookkeeping is left to the sweeper", dossierId);
            }

            try
            {
                await client.StartAttachmentScanAsync(dossierId, stager.Entry.UploadId, none);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The journey scans every pending file again before it invites the jury.
                logger.LogWarning(e, "Dossier {DossierId} replaced; the scan of its new files waits for the journey's own", dossierId);
            }

            logger.LogInformation("Dossier {DossierId} replaced by its holder", dossierId);
            return new ApiJsonResult(response, StatusCodes.Status200OK);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Replacement of dossier {DossierId} failed", dossierId);
            await CleanupFailedReplacementAsync(dossierId, stager, keyHash);
            return Problems.Unavailable();
        }
    }

    /// <summary>Whether the journey waits for the holder's replacement now (its published step).</summary>
    internal static async Task<bool> IsWaitingForResubmissionAsync(DurableTaskClient client, string dossierId) =>
        await client.GetJourneyStatusAsync(dossierId, CancellationToken.None) is { Step: JourneySteps.Resubmission } status
        && status.Allows(JourneyEvents.Resubmitted);

    /// <summary>Removes this upload's files and claim unless the row already points to them (then the sweeper decides).</summary>
    private async Task CleanupFailedReplacementAsync(string dossierId, BlobStager stager, string? keyHash)
    {
        try
        {
            if ((await dossiers.GetEntityAsync(dossierId, CancellationToken.None))?.UploadId != stager.Entry.UploadId)
            {
                await UndoClaimAndFilesAsync(stager, keyHash);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Dossier {DossierId}: cleanup of a failed replacement left to the sweeper", dossierId);
        }
    }

    /// <summary>Puts the row back as it was (if it still points to this upload), then removes this upload's files and claim.</summary>
    private async Task UndoReplacementAsync(string dossierId, DossierEntity previous, BlobStager stager, string? keyHash)
    {
        await dossiers.UpdateEntityAsync(dossierId, row =>
        {
            if (row.UploadId != stager.Entry.UploadId)
            {
                return false;
            }

            row.HolderName = previous.HolderName;
            row.ContactEmail = previous.ContactEmail;
            row.ActionTitle = previous.ActionTitle;
            row.HolderType = previous.HolderType;
            row.PostalCode = previous.PostalCode;
            row.RequestedAmountCents = previous.RequestedAmountCents;
            row.Attachments = previous.Attachments;
            row.SubmissionBlob = previous.SubmissionBlob;
            row.UploadId = previous.UploadId;
            row.Status = previous.Status;
            row.UpdatedAt = previous.UpdatedAt;
            return true;
        }, CancellationToken.None);
        await UndoClaimAndFilesAsync(stager, keyHash);
    }

    private async Task UndoClaimAndFilesAsync(BlobStager stager, string? keyHash)
    {
        if (keyHash is not null)
        {
            await idempotency.DeleteAsync(keyHash, CancellationToken.None);
        }

        await CleanupQuietlyAsync(stager);
    }

    private async Task DeleteBlobsQuietlyAsync(IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => !string.IsNullOrEmpty(n)))
        {
            try
            {
                await clients.Dossiers.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "An old file was not deleted; the sweeper will");
            }
        }
    }
}
