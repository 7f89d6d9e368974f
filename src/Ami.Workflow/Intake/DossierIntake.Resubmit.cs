using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Scanning;
using Ami.Workflow.Storage;
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
    /// <summary>
    /// Replaces the dossier when <paramref name="holderAuthorized"/> accepts the hash of its access token: the API's PUT
    /// checks the holder's token; the "Mon dossier" page, whose personal link it has checked, accepts any. Same multipart,
    /// same checks, same answers either way.
    /// </summary>
    public async Task<IntakeResult> ReplaceAsync(IntakeUpload request, string dossierId, Func<string, bool> holderAuthorized, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(holderAuthorized);
        ArgumentNullException.ThrowIfNull(client);
        var aborted = request.Aborted;
        var entity = await dossiers.GetFiledAsync(dossierId, aborted);
        if (entity is null || !entity.Committed || !holderAuthorized(entity.Record.AccessTokenHash))
        {
            return new IntakeResult.DossierNotFound();
        }

        var campaign = await campaigns.GetAsync(entity.Record.CampaignId, aborted);
        if (campaign is null)
        {
            return new IntakeResult.DossierNotFound();
        }

        if (!TryGetBoundary(request.ContentType, out var boundary))
        {
            return new IntakeResult.NotMultipart();
        }

        if (!TryGetIdempotencyKey(request.IdempotencyKey, out var key))
        {
            return new IntakeResult.IdempotencyKeyInvalid();
        }

        var keyHash = key is null ? null : IdempotencyKeys.RowKey($"PUT /api/dossiers/{dossierId}", key);
        var now = time.GetUtcNow();
        if (keyHash is null && entity.Record.Status != DossierStatus.ChangesRequested)
        {
            return new IntakeResult.NotWaiting();
        }

        RaiseBodyLimit(request, campaign);
        if (campaign.Deadline.IsPassed(now))
        {
            // Only a dossier that waited for its replacement makes a late attempt; another one (already ineligible,
            // say, retried with an Idempotency-Key) is simply not waiting.
            if (entity.Record.Status != DossierStatus.ChangesRequested)
            {
                return new IntakeResult.NotWaiting();
            }

            await RecordLateAsync(new LateSubmission(now, campaign.Id, entity.Record.HolderName, entity.Record.ContactEmail));
            return new IntakeResult.DeadlinePassed(campaign.Deadline.LastAcceptedInstant);
        }

        if (keyHash is null && await ResubmissionAwaitedAsync(client, dossierId) is null)
        {
            return new IntakeResult.NotWaiting();
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
            // The journey's status as read after the upload, when it was (with a key): the event is raised on it. Without a
            // key it was read before the upload, which may have taken minutes: the raise reads it again.
            JourneyStatus? awaited = null;
            if (keyHash is not null)
            {
                if (await idempotency.GetAsync(keyHash, none) is { } known)
                {
                    await stager.DeleteWrittenAsync(none);
                    return Replay(known, key!, upload!.Fingerprint);
                }

                if (previous.Record.Status != DossierStatus.ChangesRequested || (awaited = await ResubmissionAwaitedAsync(client, dossierId)) is null)
                {
                    await stager.DeleteWrittenAsync(none);
                    return new IntakeResult.NotWaiting();
                }
            }

            IdempotencyRecord? claim = null;
            if (keyHash is not null)
            {
                claim = new IdempotencyRecord(keyHash, upload!.Fingerprint, false, dossierId, IdempotencyRecord.Replaced, null, null, now)
                {
                    LeaseUntil = time.GetUtcNow() + LeaseDuration,
                };
                if (!await idempotency.TryClaimAsync(claim, none))
                {
                    await stager.DeleteWrittenAsync(none);
                    return await idempotency.GetAsync(keyHash, none) is { } winner ? Replay(winner, key!, upload.Fingerprint) : new IntakeResult.RequestInProgress();
                }

                lease.Hold(claim);
            }

            var jsonBlob = await stager.StoreJsonAsync($"{stager.Folder}dossier-{stager.Entry.UploadId}.json", BinaryData.FromBytes(upload!.DossierJson!), none);
            var submission = upload.Submission!;
            var newStatus = DossierTransitions.CanMove(DossierStatus.ChangesRequested, DossierStatus.Submitted) ? DossierStatus.Submitted : DossierStatus.ChangesRequested;
            var switched = await dossiers.UpdateFiledAsync(dossierId, row =>
                row.Record.Status != DossierStatus.ChangesRequested || row.UploadId != previous.UploadId
                    ? null
                    : (row with
                    {
                        Record = row.Record with
                        {
                            HolderName = submission.Holder?.Name ?? "",
                            ContactEmail = submission.Contact?.Email ?? "",
                            ActionTitle = submission.Action?.Title ?? "",
                            RequestedAmount = submission.Budget?.RequestedAmount ?? Ami.Domain.Money.Euros.Zero,
                            Attachments = ToAttachments(upload.Files),
                            Status = newStatus,
                            UpdatedAt = now,
                        },
                        SubmissionBlob = jsonBlob,
                        UploadId = stager.Entry.UploadId,
                    }).WithListColumns(submission),
                none);
            if (switched is null || switched.UploadId != stager.Entry.UploadId)
            {
                await UndoClaimAndFilesAsync(stager, keyHash);
                return new IntakeResult.NotWaiting();
            }

            RaiseOutcome raised;
            try
            {
                raised = await client.TryRaiseAsync(dossierId, JourneyEvents.Resubmitted, new JourneySignal("holder"), logger, s => s.Step == JourneySteps.Resubmission, knownStatus: awaited, none);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Dossier {DossierId}: Resubmitted event not raised; replacement undone", dossierId);
                await UndoReplacementAsync(dossierId, previous, stager, keyHash);
                return new IntakeResult.Unavailable();
            }

            if (raised != RaiseOutcome.Raised)
            {
                // The journey stopped waiting meanwhile (e.g. the changes' deadline passed): nothing replaced.
                await UndoReplacementAsync(dossierId, previous, stager, keyHash);
                return new IntakeResult.NotWaiting();
            }

            // Committed (the journey has the event): bookkeeping only, redone by the sweeper if it fails here.
            var response = new SubmissionResponse(dossierId, previous.Record.Reference, StatusText.Format(switched.Record.Status), null);
            try
            {
                // The journey records "resubmitted" in the timeline when it takes the event.
                await DeleteBlobsQuietlyAsync(previous.Record.Attachments.Select(a => a.BlobName).Append(previous.SubmissionBlob));
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
            return new IntakeResult.Replaced(response);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Replacement of dossier {DossierId} failed", dossierId);
            await CleanupFailedReplacementAsync(dossierId, stager, keyHash);
            return new IntakeResult.Unavailable();
        }
    }

    /// <summary>The journey's status when it waits for the holder's replacement now (its published step), else null.</summary>
    internal static async Task<JourneyStatus?> ResubmissionAwaitedAsync(DurableTaskClient client, string dossierId) =>
        await client.GetJourneyStatusAsync(dossierId, CancellationToken.None) is { Step: JourneySteps.Resubmission } status
        && status.Allows(JourneyEvents.Resubmitted)
            ? status
            : null;

    /// <summary>Removes this upload's files and claim unless the row already points to them (then the sweeper decides).</summary>
    private async Task CleanupFailedReplacementAsync(string dossierId, BlobStager stager, string? keyHash)
    {
        try
        {
            if ((await dossiers.GetFiledAsync(dossierId, CancellationToken.None))?.UploadId != stager.Entry.UploadId)
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
    private async Task UndoReplacementAsync(string dossierId, FiledDossier previous, BlobStager stager, string? keyHash)
    {
        await dossiers.UpdateFiledAsync(dossierId, row => row.UploadId != stager.Entry.UploadId
            ? null
            : row with
            {
                Record = row.Record with
                {
                    HolderName = previous.Record.HolderName,
                    ContactEmail = previous.Record.ContactEmail,
                    ActionTitle = previous.Record.ActionTitle,
                    RequestedAmount = previous.Record.RequestedAmount,
                    Attachments = previous.Record.Attachments,
                    Status = previous.Record.Status,
                    UpdatedAt = previous.Record.UpdatedAt,
                },
                HolderType = previous.HolderType,
                PostalCode = previous.PostalCode,
                SubmissionBlob = previous.SubmissionBlob,
                UploadId = previous.UploadId,
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
