using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Workflow.Configuration;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Ami.Workflow.Intake;

/// <summary>
/// Dossier submission (<c>POST /api/campaigns/{campaignId}/dossiers</c>) and replacement
/// (<c>PUT /api/dossiers/{dossierId}</c>).
/// <para>
/// Order of writes of a submission, and what a crash after each step leaves (the sweeper,
/// <see cref="StagingSweeper"/>, repairs every case from the journal row once its heartbeat has stopped for longer than
/// the upload lease):
/// </para>
/// <list type="number">
/// <item>Journal row in <c>Uploads</c>, before the first blob. Crash → nothing else, or…</item>
/// <item>Files streamed to their final names under a fresh, random dossier folder. Crash → blobs that
/// nothing refers to: deleted by the sweeper.</item>
/// <item>Idempotency key claimed (pending; holds the access token encrypted under the client's key), with a lease
/// the upload renews while it runs (<see cref="UploadLease"/>). Crash → a retry with the same key gets 409
/// <c>request-in-progress</c> until the lease runs out (<see cref="UploadOptions.LeaseDuration"/>, at most 2
/// minutes), then takes the key over (or, past the commit point, gets the first answer).</item>
/// <item>Reference number taken (counter under If-Match). Crash → a gap in the numbering, nothing else.</item>
/// <item>Dossier JSON blob, then the index row with <c>Committed = false</c> (invisible to the status API
/// and to lists) and the <c>submitted</c> timeline entry. Crash → the sweeper finds no orchestration and
/// deletes row, entry, blobs and claim.</item>
/// <item><b>Commit point</b>: the journey is scheduled (instance id = dossier id). Crash after it → the
/// sweeper finds the instance and rolls forward: row committed, idempotency answer completed.</item>
/// <item>Row marked committed, idempotency answer completed, journal row deleted, 201.</item>
/// </list>
/// <para>
/// A failure (not a crash) before the commit point is undone at once: blobs, row, timeline entry and
/// claim are removed and the client gets a problem; if scheduling failed ambiguously (the call threw but
/// the instance exists), it counts as committed. The journey may start before the row is marked
/// committed: <see cref="IDossierStore.GetAsync"/> returns the row either way.
/// </para>
/// <para>
/// The deposit instant is the instant the request arrives (the server's clock, <see cref="TimeProvider"/>):
/// an upload that starts before the deadline is accepted even if its last byte arrives after it.
/// </para>
/// <para>
/// The intake knows nothing of HTTP: it reads an <see cref="IntakeUpload"/> and answers an <see cref="IntakeResult"/>,
/// which the handlers of <c>Http/</c> turn into responses.
/// </para>
/// </summary>
public sealed partial class DossierIntake(
    ICampaignStore campaigns,
    IDossierFiling dossiers,
    ITimeline timeline,
    ITimelineRollback timelineRollback,
    ILateSubmissionLog lateSubmissions,
    IEnumerable<ILateSubmissionNotifier> lateNotifiers,
    ReferenceCounter references,
    IdempotencyStore idempotency,
    UploadJournal journal,
    AmiStorage clients,
    TimeProvider time,
    ILogger<DossierIntake> logger,
    IOptions<UploadOptions> uploadOptions,
    IOptions<Configuration.JourneyOptions>? journeyOptions = null)
{
    private Configuration.JourneyOptions Journey => journeyOptions?.Value ?? new Configuration.JourneyOptions();

    private TimeSpan LeaseDuration => uploadOptions.Value.LeaseDuration;

    /// <summary>An upload taking longer is cut.</summary>
    public static readonly TimeSpan MaxUploadDuration = TimeSpan.FromMinutes(45);

    /// <summary>Files a new dossier in <paramref name="campaignId"/> (<c>POST /api/campaigns/{campaignId}/dossiers</c>).</summary>
    public async Task<IntakeResult> SubmitAsync(IntakeUpload request, string campaignId, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var aborted = request.Aborted;
        var campaign = await campaigns.GetRecentAsync(campaignId, aborted);
        if (campaign is null)
        {
            return new IntakeResult.CampaignNotFound();
        }

        if (!TryGetBoundary(request.ContentType, out var boundary))
        {
            return new IntakeResult.NotMultipart();
        }

        if (!TryGetIdempotencyKey(request.IdempotencyKey, out var key))
        {
            return new IntakeResult.IdempotencyKeyInvalid();
        }

        var now = time.GetUtcNow();
        var window = campaign.WindowAt(now);
        if (window == SubmissionWindow.NotYetOpen)
        {
            return new IntakeResult.CampaignNotOpen(campaign.OpensAt);
        }

        RaiseBodyLimit(request, campaign);
        var keyHash = key is null ? null : IdempotencyKeys.RowKey($"POST /api/campaigns/{campaign.Id}/dossiers", key);
        if (window == SubmissionWindow.Closed)
        {
            return await RefuseLateAsync(request.Body, boundary, campaign, now, key, keyHash, aborted);
        }

        var dossierId = DossierIds.New(campaign.Id);
        var stager = new BlobStager(clients, journal, new UploadJournalEntry(dossierId, DossierIds.RandomToken(10), campaign.Id, UploadKind.Create, now, keyHash));
        await using var lease = new UploadLease(stager, journal, idempotency, uploadOptions.Value, time, logger);
        var (upload, refusal) = await ReadUploadAsync(request, boundary, campaign, stager);
        if (refusal is not null)
        {
            return refusal;
        }

        try
        {
            // A key already known is found by the claim itself (insert-if-absent, 409): its answer is replayed
            // there (TakeOverAbandonedAsync), so no read of the key first.
            return await CommitNewAsync(campaign, dossierId, upload!, stager, lease, now, key, keyHash, client);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Submission {DossierId} failed before its commit point; undone", dossierId);
            await CleanupQuietlyAsync(stager);
            return new IntakeResult.Unavailable();
        }
    }

    private async Task<IntakeResult> CommitNewAsync(
        Campaign campaign, string dossierId, UploadResult upload, BlobStager stager, UploadLease lease, DateTimeOffset now, string? key, string? keyHash, DurableTaskClient client)
    {
        var none = CancellationToken.None; // once validated, a submission is finished even if the client goes away
        var (token, tokenHash) = AccessTokens.New();
        IdempotencyRecord? claim = null;
        if (keyHash is not null)
        {
            claim = new IdempotencyRecord(keyHash, upload.Fingerprint, false, dossierId, IdempotencyRecord.Created, null, IdempotencyKeys.Protect(token, key!, upload.Fingerprint), now)
            {
                LeaseUntil = time.GetUtcNow() + LeaseDuration,
            };
            if (await idempotency.ClaimAsync(claim, none) is { } stored)
            {
                claim = stored;
            }
            else
            {
                var (takenOver, answer) = await TakeOverAbandonedAsync(claim, key!, upload.Fingerprint, client);
                if (!takenOver)
                {
                    await stager.DeleteWrittenAsync(none);
                    return answer!;
                }
            }

            lease.Hold(claim);
        }

        var inserted = false;
        FiledDossier? row = null;
        string reference;
        try
        {
            reference = ReferenceCounter.Format(campaign.EffectiveReferencePrefix, await references.NextAsync(campaign.Id, none));
            var jsonBlob = await stager.StoreJsonAsync(stager.Folder + "dossier.json", BinaryData.FromBytes(upload.DossierJson!), none);
            var submission = upload.Submission!;
            var entity = new FiledDossier
            {
                Record = new DossierRecord
                {
                    DossierId = dossierId,
                    CampaignId = campaign.Id,
                    Reference = reference,
                    Status = DossierStatus.Submitted,
                    SubmittedAt = now,
                    HolderName = submission.Holder?.Name ?? "",
                    ContactEmail = submission.Contact?.Email ?? "",
                    ActionTitle = submission.Action?.Title ?? "",
                    RequestedAmount = submission.Budget?.RequestedAmount ?? Ami.Domain.Money.Euros.Zero,
                    AccessTokenHash = tokenHash,
                    Attachments = ToAttachments(upload.Files),
                    UpdatedAt = now,
                },
                Committed = false,
                UploadId = stager.Entry.UploadId,
                SubmissionBlob = jsonBlob,
            }.WithListColumns(submission);
            entity = await dossiers.InsertAsync(entity, none);
            inserted = true;
            row = entity;
            await timeline.AppendAsync(dossierId, Steps.TimelineEvents.Submitted.Name, new TimelineEntry(now, Steps.TimelineEvents.Submitted.Name, "holder"), none);
            if (claim is not null && !await lease.RenewAsync(none))
            {
                // This upload was taken for dead and its key taken over: the other request files the dossier.
                logger.LogWarning("Submission {DossierId}: its idempotency claim was taken over; undone", dossierId);
                await UndoCreateAsync(campaign.Id, dossierId, inserted, stager, keyHash: null);
                return new IntakeResult.RequestInProgress();
            }

            await client.StartNewJourneyAsync(dossierId, campaign.Id, Journey.StartVersion, none);
        }
        catch (Exception e)
        {
            var scheduled = await InstanceStateAsync(client, dossierId);
            if (scheduled != true)
            {
                logger.LogError(e, "Submission {DossierId} failed before its commit point", dossierId);
                if (scheduled is null)
                {
                    // Cannot tell whether the journey exists: leave everything to the sweeper, which decides from the instance.
                    return new IntakeResult.Unavailable();
                }

                await UndoCreateAsync(campaign.Id, dossierId, inserted, stager, keyHash);
                return new IntakeResult.Unavailable();
            }

            logger.LogWarning(e, "Submission {DossierId}: scheduling reported an error but the journey exists; committed", dossierId);
            reference = (await dossiers.GetFiledAsync(dossierId, none))?.Record.Reference ?? throw new InvalidOperationException("Row missing after commit.", e);
        }

        // Committed: the journey runs. What follows is bookkeeping that the sweeper redoes if it fails here
        // (the journal row stays): it must never undo the submission.
        var response = new SubmissionResponse(dossierId, reference, StatusText.Format(DossierStatus.Submitted), token);
        try
        {
            await MarkCommittedAsync(dossierId, row);
            if (claim is not null)
            {
                await idempotency.CompleteAsync(claim with { ResponseJson = JsonSerializer.Serialize(response with { AccessToken = null }, AmiJson.Options) }, none);
            }

            await stager.EndJournalAsync(none);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Dossier {DossierId} submitted; its bookkeeping is left to the sweeper", dossierId);
        }

        try
        {
            // The campaign's calendar (one mail per person), if saving the campaign did not start it (a seeded campaign).
            if (Journey.CampaignWide)
            {
                await Workspaces.CalendarClient.StartCampaignCalendarAsync(client, campaign.Id, none);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Campaign {CampaignId}: its calendar could not be started at this filing; the next filing tries again", campaign.Id);
        }

        logger.LogInformation("Dossier {DossierId} submitted to campaign {CampaignId}", dossierId, campaign.Id);
        return new IntakeResult.Filed(response);
    }

    /// <summary>
    /// The key is claimed by another upload. When that upload died (its lease ran out): if it had reached its commit
    /// point, its dossier exists, so its bookkeeping is finished and its answer replayed (no second dossier);
    /// otherwise this request takes the key over. A live claim gets its answer replayed, or 409 in progress.
    /// </summary>
    private async Task<(bool TakenOver, IntakeResult? Answer)> TakeOverAbandonedAsync(IdempotencyRecord claim, string key, string fingerprint, DurableTaskClient client)
    {
        var none = CancellationToken.None;
        var current = await idempotency.GetAsync(claim.KeyHash, none);
        if (current is null)
        {
            return await idempotency.TryClaimAsync(claim, none) ? (true, null) : (false, new IntakeResult.RequestInProgress());
        }

        if (!current.IsAbandoned(time.GetUtcNow(), LeaseDuration))
        {
            return (false, Replay(current, key, fingerprint));
        }

        switch (await InstanceStateAsync(client, current.DossierId))
        {
            case null:
                return (false, new IntakeResult.RequestInProgress());
            case true:
                var row = await dossiers.GetFiledAsync(current.DossierId, none);
                if (row is null)
                {
                    return (false, new IntakeResult.RequestInProgress());
                }

                await dossiers.UpdateFiledAsync(current.DossierId, Commit, none);
                var response = new SubmissionResponse(row.Record.DossierId, row.Record.Reference, StatusText.Format(DossierStatus.Submitted), null);
                var completed = current with { Completed = true, ResponseJson = JsonSerializer.Serialize(response, AmiJson.Options) };
                await idempotency.CompleteAsync(completed, none);
                logger.LogWarning("Dossier {DossierId}: its upload stopped after the commit point; a retry finished it", current.DossierId);
                return (false, Replay(completed, key, fingerprint));
        }

        if (!await idempotency.TryTakeOverAsync(current, claim, none))
        {
            return (false, await idempotency.GetAsync(claim.KeyHash, none) is { } winner ? Replay(winner, key, fingerprint) : new IntakeResult.RequestInProgress());
        }

        logger.LogWarning("Submission {DossierId}: the idempotency claim of {Abandoned} was abandoned (its upload stopped); taken over", claim.DossierId, current.DossierId);
        return (true, null);
    }

    private async Task UndoCreateAsync(string campaignId, string dossierId, bool inserted, BlobStager stager, string? keyHash)
    {
        try
        {
            if (inserted)
            {
                await dossiers.DeleteAsync(campaignId, dossierId, CancellationToken.None);
            }

            await timelineRollback.DeleteUncommittedAsync(dossierId, CancellationToken.None);
            if (keyHash is not null)
            {
                await idempotency.DeleteAsync(keyHash, CancellationToken.None);
            }

            await stager.DeleteWrittenAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The journal row stays: the sweeper finishes the job.
            logger.LogWarning(e, "Undo of submission {DossierId} incomplete; left to the sweeper", dossierId);
        }
    }

    private async Task MarkCommittedAsync(string dossierId, FiledDossier? inserted)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                if (inserted is not null)
                {
                    await dossiers.MarkCommittedAsync(inserted, CancellationToken.None);
                }
                else
                {
                    await dossiers.UpdateFiledAsync(dossierId, Commit, CancellationToken.None);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < 3)
            {
                logger.LogWarning(e, "Dossier {DossierId}: marking committed failed (attempt {Attempt})", dossierId, attempt);
            }
        }
    }

    /// <summary>The row committed, unless it is already (then left as it is).</summary>
    internal static FiledDossier? Commit(FiledDossier row) => row.Committed ? null : row with { Committed = true };

    /// <summary>True: the instance exists; false: it does not; null: cannot tell (storage or engine unreachable).</summary>
    private async Task<bool?> InstanceStateAsync(DurableTaskClient client, string dossierId)
    {
        try
        {
            return await client.GetInstanceAsync(dossierId, getInputsAndOutputs: false, CancellationToken.None) is not null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Dossier {DossierId}: journey state unknown", dossierId);
            return null;
        }
    }

    /// <summary>Reads the multipart; returns the problem to answer when it cannot be used (everything stored is removed first).</summary>
    private async Task<(UploadResult? Upload, IntakeResult? Refusal)> ReadUploadAsync(IntakeUpload request, string boundary, Campaign campaign, BlobStager stager)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.Aborted);
        timeout.CancelAfter(MaxUploadDuration);
        UploadResult upload;
        try
        {
            upload = await DossierUploadReader.ReadAsync(request.Body, boundary, campaign, stager, timeout.Token);
        }
        catch (Exception e)
        {
            await CleanupQuietlyAsync(stager);
            if (e is UploadTooLargeException)
            {
                return (null, new IntakeResult.TooLarge("dossier-too-large", LimitTexts.Describe(UploadLimit.DossierTooLarge, campaign), null));
            }

            if (e is IOException or InvalidDataException or OperationCanceledException)
            {
                logger.LogInformation("Upload {DossierId} aborted or malformed; everything it stored was removed", stager.Entry.DossierId);
                return (null, new IntakeResult.MalformedUpload());
            }

            logger.LogError(e, "Upload {DossierId} failed; everything it stored was removed", stager.Entry.DossierId);
            return (null, new IntakeResult.Unavailable());
        }

        if (upload.Limit != UploadLimit.None)
        {
            await CleanupQuietlyAsync(stager);
            var detail = LimitTexts.Describe(upload.Limit, campaign);
            return (null, new IntakeResult.TooLarge(LimitTexts.Code(upload.Limit), detail, upload.LimitField));
        }

        DossierUploadReader.Validate(upload, campaign);
        if (upload.TypeErrors.Count > 0)
        {
            await CleanupQuietlyAsync(stager);
            return (null, new IntakeResult.UnsupportedFileType([.. upload.TypeErrors, .. upload.Errors]));
        }

        if (upload.Errors.Count > 0)
        {
            await CleanupQuietlyAsync(stager);
            return (null, new IntakeResult.Invalid(upload.Errors));
        }

        return (upload, null);
    }

    private async Task<IntakeResult> RefuseLateAsync(Stream body, string boundary, Campaign campaign, DateTimeOffset now, string? key, string? keyHash, CancellationToken aborted)
    {
        UploadResult? upload = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(MaxUploadDuration);
            upload = await DossierUploadReader.ReadAsync(body, boundary, campaign, stager: null, timeout.Token);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
        {
            // Recorded below with what could be read (maybe nothing).
        }

        if (upload is { Limit: UploadLimit.None } && keyHash is not null && await idempotency.GetAsync(keyHash, CancellationToken.None) is { } known)
        {
            // A retry of a submission that was accepted in time gets its first answer again.
            return Replay(known, key!, upload.Fingerprint);
        }

        var (submission, _) = upload?.DossierJson is { } json ? DossierJson.Parse(System.Text.Encoding.UTF8.GetString(json)) : (null, []);
        await RecordLateAsync(LateSubmission.FromParsed(now, campaign.Id, submission?.Holder?.Name, submission?.Contact?.Email));
        return new IntakeResult.DeadlinePassed(campaign.Deadline.LastAcceptedInstant);
    }

    /// <summary>How long the staff's late notice may take in the background (the mail client retries).</summary>
    private static readonly TimeSpan LateNoticeBudget = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Keeps the late attempt for staff (the record is what counts: it is in their daily digest; at most
    /// <see cref="LateSubmission.MaxRecordedPerCampaignHour"/> per campaign and hour), then mails them a notice in the
    /// background (at most one per campaign and hour), so the holder's 409 never waits for the mail service.
    /// </summary>
    private async Task RecordLateAsync(LateSubmission attempt)
    {
        if (!await lateSubmissions.RecordAsync(attempt, CancellationToken.None))
        {
            logger.LogInformation("Late attempt on campaign {CampaignId} refused; not recorded (the hour's bound is reached)", attempt.CampaignId);
            return;
        }

        logger.LogInformation("Late attempt on campaign {CampaignId} refused and recorded", attempt.CampaignId);
        foreach (var notifier in lateNotifiers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    using var budget = new CancellationTokenSource(LateNoticeBudget);
                    await notifier.NotifyAsync(attempt, budget.Token);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Late attempt on campaign {CampaignId}: staff notice not sent (it is in the digest)", attempt.CampaignId);
                }
            });
        }
    }

    /// <summary>The first answer again (same status and JSON; the token only for the same key and body), 422 for another body.</summary>
    internal static IntakeResult Replay(IdempotencyRecord known, string key, string fingerprint)
    {
        if (!string.Equals(known.RequestHash, fingerprint, StringComparison.Ordinal))
        {
            return new IntakeResult.IdempotencyKeyReused();
        }

        if (!known.Completed || known.ResponseJson is null)
        {
            return new IntakeResult.RequestInProgress();
        }

        var body = JsonNode.Parse(known.ResponseJson)!.AsObject();
        if (IdempotencyKeys.Unprotect(known.ProtectedToken, key, fingerprint) is { } token)
        {
            body["accessToken"] = token;
        }

        body["replayed"] = true;
        return new IntakeResult.Replayed(known.StatusCode == IdempotencyRecord.Created, known.DossierId, body);
    }

    internal static IReadOnlyList<AttachmentInfo> ToAttachments(IEnumerable<StoredFile> files) =>
        files.Select(f => new AttachmentInfo(f.AttachmentId, f.Kind, f.Name, f.ContentType, f.Size, f.Sha256, f.BlobName)).ToArray();

    private async Task CleanupQuietlyAsync(BlobStager stager)
    {
        try
        {
            await stager.DeleteWrittenAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Upload {DossierId}: cleanup incomplete; left to the sweeper", stager.Entry.DossierId);
        }
    }

    private static bool TryGetBoundary(string? contentType, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        return boundary.Length is > 0 and <= 200;
    }

    /// <summary>Absent is fine; present, it must be 1–200 printable ASCII characters.</summary>
    private static bool TryGetIdempotencyKey(IReadOnlyList<string>? values, out string? key)
    {
        key = null;
        if (values is null)
        {
            return true;
        }

        var value = values.Count == 1 ? values[0] ?? "" : "";
        if (values.Count != 1 || value.Length is 0 or > IdempotencyKeys.MaxLength || value.Any(c => c is < (char)0x21 or > (char)0x7E))
        {
            return false;
        }

        key = value;
        return true;
    }

    /// <summary>Lets the request body reach the campaign's dossier limit (the server default is 30 MB); the reader enforces the real limits.</summary>
    private static void RaiseBodyLimit(IntakeUpload request, Campaign campaign)
    {
        var overhead = DossierUploadReader.MaxJsonBytes + ((campaign.Attachments.MaxFiles + 4) * 64L * 1024);
        request.AllowBodyBytes(campaign.Attachments.MaxDossierBytes + overhead);
    }
}
